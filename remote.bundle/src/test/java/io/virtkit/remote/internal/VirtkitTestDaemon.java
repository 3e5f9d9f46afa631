package io.virtkit.remote.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;

/**
 * Virtkit's daemon in the test's JVM, serving the in-memory test driver on a UNIX socket in {@code dir} and on a
 * loopback TCP port of the system's choosing: what a client in another package (the remote client driver's tests)
 * connects to.
 */
public final class VirtkitTestDaemon implements AutoCloseable {
    private final RemoteServer server;
    private final Path socket;
    private final int tcpPort;

    private VirtkitTestDaemon(RemoteServer server, Path socket, int tcpPort) {
        this.server = server;
        this.socket = socket;
        this.tcpPort = tcpPort;
    }

    public static VirtkitTestDaemon start(Path dir) throws IOException {
        Path socket = dir.resolve("virtkit-sock");
        RemoteServer server = new RemoteServer(new TestDriverFactory(), List.of(ListenAddress.unix(socket, false),
                ListenAddress.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)),
                RemoteServer.DEFAULT_LIMITS);
        server.start();
        String tcp = server.listeners().stream().filter(l -> l.transport().equals("tcp")).findFirst().orElseThrow()
                .address();
        return new VirtkitTestDaemon(server, socket, Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1)));
    }

    public Path socket() {
        return socket;
    }

    public int tcpPort() {
        return tcpPort;
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
