package io.virtkit.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The floor of the remote benchmark: {@code replay-daemon.c}, compiled here with {@code cc}, answers each call of
 * the virsh script with the reply a real daemon gave to the same call in a recorded run (byte for byte; it checks
 * procedure and serial). It does no work but poll, read and write, so what virsh takes beyond virsh alone against
 * it is the client's and the socket's share of every remote run: the lowest any daemon can reach on this machine.
 * The replies are recorded once, through a proxy in this JVM, from a run against Virtkit.
 */
final class ReplayDaemon implements AutoCloseable {
    private static final int REMOTE_PROGRAM = 0x20008086;
    private static final int REPLY = 1;

    private final Process process;
    private final Path socket;

    private ReplayDaemon(Process process, Path socket) {
        this.process = process;
        this.socket = socket;
    }

    /**
     * Records the replies of one run of {@code script} against the daemon on {@code target}, compiles the replayer
     * and starts it on a socket in {@code dir}; empty when there is no C compiler.
     */
    static Optional<ReplayDaemon> start(VirshLifecycleScript script, Path target, Path dir)
            throws IOException, InterruptedException {
        if (Commands.run(List.of("sh", "-c", "command -v cc")).exit() != 0) {
            return Optional.empty();
        }
        Path source = dir.resolve("replay-daemon.c");
        try (InputStream in = ReplayDaemon.class.getResourceAsStream("replay-daemon.c")) {
            Files.write(source, in.readAllBytes());
        }
        Path binary = dir.resolve("replay-daemon");
        Commands.Result cc = Commands.run(List.of("cc", "-O2", "-o", binary.toString(), source.toString()));
        if (cc.exit() != 0) {
            throw new IllegalStateException("cc replay-daemon.c failed: " + cc.output());
        }
        Path replies = dir.resolve("replies.bin");
        Files.write(replies, record(script, target, dir.resolve("proxy-sock")));
        Path socket = dir.resolve("replay-sock");
        Process p = new ProcessBuilder(binary.toString(), socket.toString(), replies.toString())
                .redirectError(dir.resolve("replay-daemon.err").toFile()).start();
        p.getOutputStream().close();
        String ready = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (ready == null || !ready.startsWith("ready")) {
            p.destroyForcibly();
            throw new IllegalStateException("replay-daemon did not start: " + Files.readString(dir.resolve("replay-daemon.err")));
        }
        return Optional.of(new ReplayDaemon(p, socket));
    }

    /** One run through a proxy to {@code target}; returns the REPLY packets of the remote program it passed back. */
    private static byte[] record(VirshLifecycleScript script, Path target, Path proxySocket)
            throws IOException, InterruptedException {
        ByteArrayOutputStream fromDaemon = new ByteArrayOutputStream();
        try (ServerSocketChannel proxy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            proxy.bind(UnixDomainSocketAddress.of(proxySocket));
            Thread forward = new Thread(() -> {
                try (SocketChannel client = proxy.accept();
                        SocketChannel daemon = SocketChannel.open(UnixDomainSocketAddress.of(target))) {
                    Thread up = new Thread(() -> pump(client, daemon, null));
                    up.start();
                    pump(daemon, client, fromDaemon);
                    up.join();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("recording proxy failed", e);
                }
            }, "replay recording proxy");
            forward.start();
            VirshLifecycleScript.Run run = script.run("test+unix:///default?socket=" + proxySocket);
            script.verify("recording proxy", run);
            forward.join(TimeUnit.SECONDS.toMillis(30));
        } finally {
            Files.deleteIfExists(proxySocket);
        }
        ByteBuffer all = ByteBuffer.wrap(fromDaemon.toByteArray());
        ByteArrayOutputStream replies = new ByteArrayOutputStream();
        while (all.remaining() >= 28) {
            int length = all.getInt(all.position());
            if (all.getInt(all.position() + 4) == REMOTE_PROGRAM && all.getInt(all.position() + 16) == REPLY) {
                replies.write(all.array(), all.position(), length);
            }
            all.position(all.position() + length);
        }
        return replies.toByteArray();
    }

    /** Copies {@code from} to {@code to} until {@code from} ends, then shuts {@code to}'s output; keeps a copy. */
    private static void pump(SocketChannel from, SocketChannel to, ByteArrayOutputStream copy) {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(b) >= 0) {
                b.flip();
                if (copy != null) {
                    synchronized (copy) {
                        copy.write(b.array(), 0, b.limit());
                    }
                }
                while (b.hasRemaining()) {
                    to.write(b);
                }
                b.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            // one side went away: the run's own check says whether that mattered
        }
    }

    String uri() {
        return "test+unix:///default?socket=" + socket;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
