package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;

import io.virtkit.api.ConnectionFactory;

/**
 * A {@link RemoteServer} for one test on {@code dir/virtkit-sock}, as libvirt's clients reach it through
 * {@code DRIVER+unix:///PATH?socket=…}. Closing stops it and checks that the socket file went with it.
 */
final class SocketServer implements AutoCloseable {
    private final RemoteServer server;
    private final Path socket;

    private SocketServer(RemoteServer server, Path socket) {
        this.server = server;
        this.socket = socket;
    }

    static SocketServer start(Path dir, ConnectionFactory factory) throws IOException {
        Path socket = dir.resolve("virtkit-sock");
        RemoteServer server = new RemoteServer(socket, factory);
        server.start();
        return new SocketServer(server, socket);
    }

    Path socket() {
        return socket;
    }

    /** The client URI for {@code base} (e.g. {@code test:///default}) over this socket. */
    String uri(String base) {
        int colon = base.indexOf(':');
        return base.substring(0, colon) + "+unix" + base.substring(colon) + "?socket=" + socket;
    }

    @Override
    public void close() {
        server.close();
        assertThat(socket).doesNotExist();
    }
}
