package io.virtkit.remote.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** Polling for a state the daemon reaches on its own threads, and what it holds: the tests assert what they need. */
final class Waits {

    private Waits() {
    }

    /** Waits up to {@code bound} for {@code condition}; whether it held. */
    static boolean within(Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    /** This JVM's open descriptors and what they point at, for a readable failure. */
    static List<String> openFds() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.map(fd -> {
                try {
                    return fd.getFileName() + " -> " + Files.readSymbolicLink(fd);
                } catch (IOException e) {
                    return fd.getFileName() + " -> ?"; // the listing's own descriptor, closed by now
                }
            }).filter(s -> !s.endsWith("-> ?")).sorted().toList();
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc/self/fd", e);
        }
    }
}
