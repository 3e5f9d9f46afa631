package io.virtkit.remote.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;
import io.virtkit.remote.internal.access.ClientRoles;
import io.virtkit.remote.internal.tls.TlsFiles;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * The remote daemon as a service: listens while the bundle is active, with its sockets from
 * configuration {@code io.virtkit.remote}. A configuration change restarts it on the new sockets.
 */
@Component(service = RemoteDaemon.class, immediate = true, configurationPid = RemoteDaemonComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RemoteDaemonConfig.class)
public final class RemoteDaemonComponent implements RemoteDaemon {
    static final String PID = "io.virtkit.remote";
    /**
     * How long a TLS client may take over its handshake before it is dropped: a real client needs a few round trips;
     * a connection that says nothing must not hold its client place for long.
     */
    static final Duration TLS_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    private final RemoteServer server;

    @Activate
    public RemoteDaemonComponent(@Reference ConnectionFactory factory, RemoteDaemonConfig config) {
        server = new RemoteServer(factory, addresses(config),
                new Limits(config.maxClients(), config.maxRequestsPerClient()), protection(config));
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException("remote daemon cannot listen: " + e.getMessage(), e);
        }
    }

    static ClientProtection.Settings protection(RemoteDaemonConfig config) {
        return new ClientProtection.Settings(config.maxConnectionsPerPeer(), config.maxEventCallbacks(),
                config.maxUnreadReplyBytes());
    }

    static List<ListenAddress> addresses(RemoteDaemonConfig config) {
        List<ListenAddress> result = new ArrayList<>();
        ClientRoles roles = ClientRoles.parse(config.unixUserRoles(), config.unixGroupRoles(), config.tlsDnRoles());
        if (!config.socketPath().isBlank()) {
            result.add(ListenAddress.unix(Path.of(config.socketPath().trim()), false).withRoles(roles)
                    .withSocketPerms(SocketMode.parse(config.socketMode())));
        }
        if (config.readOnlySocketPath() != null && !config.readOnlySocketPath().isBlank()) {
            result.add(ListenAddress.unix(Path.of(config.readOnlySocketPath().trim()), true));
        }
        if (config.tcpEnabled()) {
            result.add(ListenAddress.tcp(socketAddress("TCP", config.tcpAddress(), config.tcpPort()), false)
                    .withRoles(roles));
        }
        if (config.tlsEnabled()) {
            TlsFiles files = new TlsFiles(Path.of(config.caFile().trim()), Path.of(config.certFile().trim()),
                    Path.of(config.keyFile().trim()));
            List<String> allowed = config.tlsAllowedDnList() == null ? List.of()
                    : Arrays.stream(config.tlsAllowedDnList()).map(String::trim).filter(s -> !s.isEmpty()).toList();
            result.add(ListenAddress.tls(socketAddress("TLS", config.tlsAddress(), config.tlsPort()),
                    TlsServer.load(files, allowed, TLS_HANDSHAKE_TIMEOUT)).withRoles(roles));
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException(
                    "no socket configured: set socketPath, readOnlySocketPath, tcpEnabled or tlsEnabled");
        }
        return result;
    }

    private static InetSocketAddress socketAddress(String what, String address, int port) {
        InetAddress host;
        try {
            // a literal address or "localhost"; no name service lookups for anything else
            host = InetAddress.getByName(address.trim());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(what + " listen address " + address + " is not an address", e);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(what + " port " + port + " out of range");
        }
        return new InetSocketAddress(host, port);
    }

    @Deactivate
    void deactivate() {
        server.stop();
    }

    @Override
    public List<ListenerInfo> listeners() {
        return server.listeners();
    }

    @Override
    public List<ClientInfo> clients() {
        return server.clients();
    }

    @Override
    public boolean disconnect(long clientId) {
        return server.disconnect(clientId);
    }

    @Override
    public Limits limits() {
        return server.limits();
    }

    @Override
    public Protection protection() {
        return server.protection();
    }

    @Override
    public Optional<Role> role(long clientId) {
        // as clients() lists them: a client being closed is gone already
        return Optional.ofNullable(server.client(clientId)).filter(c -> !c.isClosed()).map(c -> c.session().role());
    }
}
