package io.virtkit.cluster.internal.ha;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay between one simulated host and the test ZooKeeper, so that host alone can be cut off the way
 * a pulled cable cuts it: {@link #cut()} keeps its connections open but lets nothing through either way (the client
 * notices only by its read timeout, the server only by the session timeout), {@link #heal()} drops those
 * connections and lets new ones through. Listens on a port of the ha range (24000-24999).
 */
final class ZkRelay implements AutoCloseable {
    private static final AtomicInteger NEXT_PORT = new AtomicInteger(24000 + (int) (ProcessHandle.current().pid() % 500));

    private final int targetPort;
    private final ServerSocket listener;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean cut;
    private volatile boolean closed;

    ZkRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.listener = bindInRange();
        this.acceptor = new Thread(this::accept, "zk-relay-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String connectString() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** From now on nothing passes, either way; connections stay open (a blackhole, not a refusal). */
    void cut() {
        cut = true;
    }

    /** Drops the cut connections (their streams lost bytes) and lets traffic through again. */
    void heal() {
        cut = false;
        closeAll();
    }

    private static ServerSocket bindInRange() throws IOException {
        for (int i = 0; i < 1000; i++) {
            int port = 24000 + (NEXT_PORT.getAndIncrement() - 24000) % 1000;
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
                return s;
            } catch (IOException e) {
                s.close();
            }
        }
        throw new IOException("no free port in 24000-24999");
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(client);
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 2000);
            } catch (IOException e) {
                closeQuietly(client); // the server is down: refused, as it would be without the relay
                continue;
            }
            sockets.add(server);
            pump(client, server);
            pump(server, client);
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (!cut) {
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // either side closed
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "zk-relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private void closeAll() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.removeIf(Socket::isClosed);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        listener.close();
        closeAll();
    }
}
