package io.virtkit.xen.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * libvirt's Xen (libxl) driver over the {@code xl} toolstack: {@code xen:///system} in dom0, or
 * {@code xen://[user@]host/system} on a Xen host over SSH (see {@link XenUri}). Each connection has its own channel.
 */
@Component(service = HypervisorDriver.class, configurationPid = "io.virtkit.xen")
@Designate(ocd = XenConfig.class)
public final class XenDriver implements HypervisorDriver {

    private final XenSettings settings;
    private final Path home;

    @Activate
    public XenDriver(XenConfig config) {
        this(new XenSettings(Duration.ofSeconds(config.connectTimeout()), Duration.ofSeconds(config.commandTimeout()),
                Duration.ofSeconds(config.createTimeout())), Path.of(System.getProperty("user.home")));
        if (Files.exists(XenContext.XEN_CAPABILITIES)) {
            // in dom0: the first connection after the host's boot starts autostart domains (XenAutostart)
            Thread autostart = new Thread(this::autostartLocalDomains, "xen-autostart");
            autostart.setDaemon(true);
            autostart.start();
        }
    }

    /** For tests and embedders: these settings, this home directory (where ~/.ssh is looked for). */
    XenDriver(XenSettings settings, Path home) {
        this.settings = settings;
        this.home = home;
    }

    /** Opens (and closes) {@code xen:///system}, which starts the autostart domains once per boot of the host. */
    private void autostartLocalDomains() {
        try {
            open(OpenRequest.of("xen:///system"), ConnectionEvents.NONE).ifPresent(HypervisorConnection::close);
        } catch (RuntimeException e) {
            System.getLogger(XenDriver.class.getName()).log(System.Logger.Level.ERROR,
                    "Failed to autostart domains in dom0: {0}", e.getMessage());
        }
    }

    @Override
    public String name() {
        return "Xen";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("xen");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        if (request.transport().isPresent()) {
            return Optional.empty(); // xen+ssh:// and the like are the remote driver's (a libvirtd on the host)
        }
        return XenContext.open(request, settings, home).map(context -> new XenConnection(context, events));
    }
}
