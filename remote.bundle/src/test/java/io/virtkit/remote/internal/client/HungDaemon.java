package io.virtkit.remote.internal.client;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.virtkit.remote.internal.Header;
import io.virtkit.remote.internal.Packet;
import io.virtkit.remote.internal.Procedure;
import io.virtkit.remote.internal.XdrWriter;

/**
 * A daemon for one client on a UNIX socket that answers a session's setup (no authentication, keepalive supported,
 * CONNECT_OPEN) and everything else with an empty reply until it is told to stop answering; from then on it reads
 * and counts the client's PINGs and answers nothing, as a daemon whose host froze.
 */
final class HungDaemon implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel listener;
    private final Thread thread;
    private final AtomicBoolean answering = new AtomicBoolean(true);
    private final AtomicInteger pings = new AtomicInteger();
    private volatile SocketChannel client;

    HungDaemon(Path socket, boolean answerSetup) throws IOException {
        this.socket = socket;
        this.answering.set(answerSetup);
        this.listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(socket));
        this.thread = new Thread(this::serve, "hung-daemon");
        thread.setDaemon(true);
        thread.start();
    }

    void stopAnswering() {
        answering.set(false);
    }

    /** The PINGs received since it stopped answering. */
    int pings() {
        return pings.get();
    }

    private void serve() {
        try (SocketChannel c = listener.accept()) {
            client = c;
            var in = Channels.newInputStream(c);
            Packet p;
            while ((p = Packet.read(in)) != null) {
                Header h = p.header();
                if (!answering.get()) {
                    if (h.program() == Header.KEEPALIVE_PROGRAM && h.procedure() == Header.KEEPALIVE_PING) {
                        pings.incrementAndGet();
                    }
                    continue;
                }
                if (h.type() != Header.CALL) {
                    continue;
                }
                XdrWriter body = new XdrWriter();
                if (h.procedure() == Procedure.AUTH_LIST.number()) {
                    body.writeInt(1).writeInt(0); // AUTH_NONE
                } else if (h.procedure() == Procedure.CONNECT_SUPPORTS_FEATURE.number()) {
                    body.writeInt(1);
                } else if (h.procedure() == Procedure.CONNECT_GET_TYPE.number()) {
                    body.writeString("HUNG");
                }
                // a reply on the reader's thread is fine: the client reads while it writes
                Channels.newOutputStream(c).write(new Packet(h.reply(Header.OK), body.toByteArray()).encode());
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws Exception {
        listener.close();
        SocketChannel c = client;
        if (c != null) {
            c.close();
        }
        thread.join(10_000);
        Files.deleteIfExists(socket);
    }
}
