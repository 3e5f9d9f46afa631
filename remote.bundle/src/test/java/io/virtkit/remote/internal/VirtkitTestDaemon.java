package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.remote.internal.tls.TlsFiles;
import io.virtkit.remote.internal.tls.TlsServer;

/**
 * Virtkit's daemon in the test's JVM, serving the in-memory test driver on a UNIX socket in {@code dir} and on
 * loopback TCP (and TLS) ports of the system's choosing: what a client in another package (the remote client driver's tests)
 * connects to.
 */
public final class VirtkitTestDaemon implements AutoCloseable {
    private final RemoteServer server;
    private final Path socket;

    private VirtkitTestDaemon(RemoteServer server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    public static VirtkitTestDaemon start(Path dir) throws IOException {
        return start(dir, null);
    }

    /** As {@link #start(Path)}, also with TLS on a loopback port with the server's {@code files}, any client allowed. */
    public static VirtkitTestDaemon start(Path dir, TlsFiles files) throws IOException {
        return start(dir, new TestDriverFactory(), files);
    }

    /**
     * The daemon over {@code factory}'s drivers: on {@code dir/virtkit-sock} (none when {@code dir} is null), loopback
     * TCP, and TLS with the server's {@code files} (none when null).
     */
    static VirtkitTestDaemon start(Path dir, ConnectionFactory factory, TlsFiles files) throws IOException {
        Path socket = dir == null ? null : dir.resolve("virtkit-sock");
        List<ListenAddress> addresses = new ArrayList<>();
        if (socket != null) {
            addresses.add(ListenAddress.unix(socket, false));
        }
        addresses.add(ListenAddress.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false));
        if (files != null) {
            addresses.add(ListenAddress.tls(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    TlsServer.load(files, List.of(), Duration.ofSeconds(30))));
        }
        RemoteServer server = new RemoteServer(factory, addresses, RemoteServer.DEFAULT_LIMITS);
        server.start();
        return new VirtkitTestDaemon(server, socket);
    }

    private int port(String transport) {
        String address = server.listeners().stream().filter(l -> l.transport().equals(transport)).findFirst()
                .orElseThrow().address();
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    public Path socket() {
        return socket;
    }

    public int tcpPort() {
        return port("tcp");
    }

    public int tlsPort() {
        return port("tls");
    }

    /** How many clients are connected now. */
    public int clientCount() {
        return server.clientCount();
    }

    @Override
    public void close() {
        server.close();
    }
}
