package io.virtkit.bench;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Waiting for a daemon to listen on its UNIX socket. */
final class UnixSockets {
    private UnixSockets() {
    }

    /** Whether something listens on {@code socket} now (a connection is accepted, then closed). */
    static boolean accepts(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException notYet) {
            return false; // bound but not listening yet
        }
    }

    /**
     * Waits until {@code daemon} listens on {@code socket}; fails at once when it exited, and after {@code seconds},
     * with {@code what} and {@code log} (the daemon's log, read only when it failed).
     */
    static void await(Path socket, Process daemon, String what, int seconds, Supplier<String> log)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                throw new IllegalStateException(what + " exited with " + daemon.exitValue() + ":\n" + log.get());
            }
            if (accepts(socket)) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException(what + " did not listen on " + socket + " within " + seconds + " s:\n"
                + log.get());
    }
}
