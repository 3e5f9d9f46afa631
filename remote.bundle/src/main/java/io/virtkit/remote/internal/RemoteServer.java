package io.virtkit.remote.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.ConnectionFactory;

/**
 * libvirt's RPC server on a UNIX socket: one thread accepts, one thread per client reads a packet,
 * dispatches it and writes the reply. A client that breaks the framing is disconnected; others carry on.
 */
public final class RemoteServer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RemoteServer.class.getName());

    private final Path socket;
    private final ConnectionFactory factory;
    private final Set<SocketChannel> clients = ConcurrentHashMap.newKeySet();
    private ServerSocketChannel server;
    private Thread acceptor;

    public RemoteServer(Path socket, ConnectionFactory factory) {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    /** Binds the socket (owner-only, mode 0600) and starts accepting clients. */
    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(socket);
            throw e;
        }
        server = channel;
        acceptor = new Thread(() -> acceptLoop(channel), "virtkit-remote-accept " + socket.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Closes the listening socket and every client, and removes the socket file. */
    public synchronized void stop() {
        ServerSocketChannel channel = server;
        server = null;
        if (channel == null) {
            return;
        }
        closeQuietly(channel);
        for (SocketChannel client : clients) {
            closeQuietly(client);
        }
        try {
            acceptor.join(5000);
            Files.deleteIfExists(socket);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot remove " + socket, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    public Path socket() {
        return socket;
    }

    /** How many clients are connected now. */
    public int clientCount() {
        return clients.size();
    }

    private void acceptLoop(ServerSocketChannel channel) {
        while (channel.isOpen()) {
            try {
                SocketChannel client = channel.accept();
                clients.add(client);
                Thread t = new Thread(() -> serve(client), "virtkit-remote-client");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (channel.isOpen()) {
                    LOG.log(Level.WARNING, "accept failed on " + socket, e);
                }
                return;
            }
        }
    }

    private void serve(SocketChannel client) {
        try (client; RemoteSession session = new RemoteSession(factory, false, p -> { })) {
            InputStream in = Channels.newInputStream(client);
            OutputStream out = Channels.newOutputStream(client);
            Packet packet;
            while ((packet = Packet.read(in)) != null) {
                Packet reply = session.handle(packet);
                if (reply != null) {
                    reply.write(out);
                }
            }
        } catch (XdrException e) {
            LOG.log(Level.FINE, "dropping client with malformed packet: {0}", e.getMessage());
        } catch (IOException e) {
            LOG.log(Level.FINE, "client connection ended: {0}", e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "client session failed", e);
        } finally {
            clients.remove(client);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(Level.FINE, "close failed", e);
        }
    }
}
