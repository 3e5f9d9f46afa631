package io.virtkit.hyperv.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * libvirt's Hyper-V driver: {@code hyperv://host} connections to a Microsoft Hyper-V host over WS-Management
 * (WinRM, Basic authentication over https or http). Each connection has a client of its own; the driver keeps
 * no state beyond its settings.
 */
@Component(service = HypervisorDriver.class, configurationPid = "io.virtkit.hyperv")
@Designate(ocd = HypervConfig.class)
public final class HypervDriver implements HypervisorDriver {

    private final HypervSettings settings;
    private final Map<String, String> env;

    @Activate
    public HypervDriver(HypervConfig config) {
        this(new HypervSettings(Arrays.stream(config.caFile()).filter(s -> !s.isBlank()).map(Path::of).toList(),
                config.authFile().isBlank() ? null : Path.of(config.authFile()),
                Duration.ofSeconds(config.connectTimeout()), Duration.ofSeconds(config.callTimeout()),
                Duration.ofSeconds(config.jobTimeout()), Duration.ofMillis(Math.max(100, config.eventInterval())),
                HypervSettings.DEFAULTS.readReuse()),
                System.getenv());
    }

    /** For tests and embedders: these settings, this environment (where auth.conf is looked for). */
    HypervDriver(HypervSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "Hyper-V";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("hyperv");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        if (request.transport().isPresent()) {
            return Optional.empty(); // hyperv+ssh:// and the like are the remote driver's
        }
        return Optional.of(new HypervConnection(HypervContext.open(request, settings, env), events));
    }
}
