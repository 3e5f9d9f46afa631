package io.virtkit.itests.soak;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the daemon's {@link DaemonSample footprint} at a fixed rate from the soak's start (t = 0) until closed; a
 * sample that cannot be read (the daemon died) is remembered as the sampler's failure.
 */
final class DaemonSampler implements AutoCloseable {

    private final long pid;
    private final long startNanos;
    private final List<DaemonSample> samples = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-sampler");
        t.setDaemon(true);
        return t;
    });
    private final double everySeconds;
    private volatile IOException failure;

    DaemonSampler(long pid, Duration every) {
        this.pid = pid;
        this.everySeconds = every.toMillis() / 1000.0;
        this.startNanos = System.nanoTime();
        timer.scheduleAtFixedRate(this::sample, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void sample() {
        try {
            samples.add(DaemonSample.of(pid, (System.nanoTime() - startNanos) / 1e9));
        } catch (IOException e) {
            failure = e;
        }
    }

    /** Stops sampling; the samples taken, the last one now unless one was taken within half a period. */
    List<DaemonSample> finish() throws IOException {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
        double now = (System.nanoTime() - startNanos) / 1e9;
        if (samples.isEmpty() || now - samples.get(samples.size() - 1).seconds() > everySeconds / 2) {
            sample();
        }
        if (failure != null) {
            throw failure;
        }
        return List.copyOf(samples);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
