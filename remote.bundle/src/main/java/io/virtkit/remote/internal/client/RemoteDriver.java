package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.OpenRequest;

/**
 * libvirt's remote driver: {@code qemu+tls://host/system}, {@code test+tcp://host/default},
 * {@code lxc+unix:///system?socket=…} and {@code qemu://host/system} (TLS, libvirt's default with a host) open the
 * named driver in another daemon, libvirtd or Virtkit, over libvirt's RPC protocol. Ranked above the local drivers
 * so that it is asked first; it declines every URI without a transport or host, which stay theirs.
 */
@Component(service = HypervisorDriver.class, property = "service.ranking:Integer=100")
public final class RemoteDriver implements HypervisorDriver {
    /** The bound on each step of a session's setup; calls after it wait as long as the connection lives. */
    static final Duration SETUP_TIMEOUT = Duration.ofSeconds(30);

    private final RemoteOpener opener;

    @Activate
    public RemoteDriver() {
        this(new RemoteOpener(RemoteDriver::dial, SETUP_TIMEOUT, RpcClient.KeepAlive.LIBVIRT));
    }

    RemoteDriver(RemoteOpener opener) {
        this.opener = opener;
    }

    @Override
    public String name() {
        return "remote";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("qemu", "test", "lxc", "xen");
    }

    @Override
    public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents events) {
        return RemoteUri.of(request.uri()).map(target -> opener.open(target, request, events));
    }

    /** The socket for {@code target}'s transport. */
    static ClientSocket dial(RemoteUri target, Duration timeout) throws IOException {
        return switch (target.transport()) {
            case "unix" -> ClientSocket.unix(target.socket());
            case "tcp" -> ClientSocket.tcp(target.host(), target.port(), timeout);
            default -> TlsDial.connect(target, timeout);
        };
    }
}
