package io.virtkit.qemu.internal.qmp;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A tiny QMP peer on a UNIX socket for tests: sends {@code greeting}, then answers each command line with what
 * {@code respond} gives (null: no reply); it can misbehave on purpose (drop the client, send anything).
 */
public final class FakeQmpServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public final Path path;
    public final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    final CountDownLatch clientGone = new CountDownLatch(1);
    private final ServerSocketChannel listener;
    private final Thread thread;
    private volatile SocketChannel peer;

    public FakeQmpServer(Path path, String greeting, Function<JsonNode, String> respond) throws IOException {
        this.path = path;
        listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        listener.bind(UnixDomainSocketAddress.of(path));
        thread = new Thread(() -> serve(greeting, respond), "fake-qmp");
        thread.setDaemon(true);
        thread.start();
    }

    private void serve(String greeting, Function<JsonNode, String> respond) {
        try (SocketChannel ch = listener.accept()) {
            peer = ch;
            send(greeting);
            ByteBuffer in = ByteBuffer.allocate(4096);
            StringBuilder line = new StringBuilder();
            while (ch.read(in.clear()) >= 0) {
                in.flip();
                while (in.hasRemaining()) {
                    char c = (char) in.get();
                    if (c != '\n') {
                        line.append(c);
                        continue;
                    }
                    JsonNode cmd = MAPPER.readTree(line.toString());
                    line.setLength(0);
                    received.add(cmd);
                    String out = respond.apply(cmd);
                    if (out != null) {
                        send(out);
                    }
                }
            }
        } catch (IOException e) {
            // closed by the test or by the client
        } finally {
            clientGone.countDown();
        }
    }

    public synchronized void send(String text) throws IOException {
        ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (out.hasRemaining()) {
            peer.write(out);
        }
    }

    public void dropClient() throws IOException {
        peer.close();
    }

    @Override
    public void close() throws Exception {
        listener.close();
        if (peer != null) {
            peer.close();
        }
        thread.join(5000);
        Files.deleteIfExists(path);
    }
}
