package io.virtkit.esx.internal;

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
import io.virtkit.esx.internal.vim.VimChanges;

/**
 * libvirt's ESX driver: {@code esx://} (an ESX host), {@code gsx://} (VMware Server) and {@code vpx://} (a host
 * through vCenter), over the vSphere API. Each connection logs in a session of its own.
 */
@Component(service = HypervisorDriver.class, configurationPid = "io.virtkit.esx")
@Designate(ocd = EsxConfig.class)
public final class EsxDriver implements HypervisorDriver {

    private final EsxSettings settings;
    private final Map<String, String> env;
    /** What the connections of this driver changed, so none serves what another's change outdated. */
    private final VimChanges changes = new VimChanges();

    @Activate
    public EsxDriver(EsxConfig config) {
        this(new EsxSettings(Arrays.stream(config.caFile()).filter(s -> !s.isBlank()).map(Path::of).toList(),
                config.authFile().isBlank() ? null : Path.of(config.authFile()),
                Duration.ofSeconds(config.connectTimeout()), Duration.ofSeconds(config.callTimeout()),
                Duration.ofSeconds(config.taskTimeout())), System.getenv());
    }

    /** For tests and embedders: these settings, this environment (where auth.conf is looked for). */
    EsxDriver(EsxSettings settings, Map<String, String> env) {
        this.settings = settings;
        this.env = Map.copyOf(env);
    }

    @Override
    public String name() {
        return "ESX";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("esx", "gsx", "vpx");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        if (request.transport().isPresent()) {
            return Optional.empty(); // esx+ssh:// and the like are the remote driver's
        }
        return Optional.of(new EsxConnection(EsxContext.open(request, settings, env, changes), events));
    }
}
