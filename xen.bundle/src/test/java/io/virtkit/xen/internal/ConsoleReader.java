package io.virtkit.xen.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** Collects what a console stream gives, on a thread of its own, so a test can wait for a text to arrive. */
final class ConsoleReader implements AutoCloseable {

    private final StringBuilder text = new StringBuilder();
    private final Thread thread;
    private boolean ended;

    ConsoleReader(InputStream in) {
        thread = new Thread(() -> {
            byte[] buffer = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    String chunk = new String(buffer, 0, n, StandardCharsets.UTF_8);
                    synchronized (this) {
                        text.append(chunk);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the stream was closed: what came is kept
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }, "console-reader");
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until {@code wanted} has arrived; everything read so far. */
    synchronized String await(String wanted, Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (text.indexOf(wanted) < 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new TimeoutException("'" + wanted + "' did not arrive " + (ended ? "before the stream ended" : "in "
                        + timeout) + "; the console gave: " + text);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return text.toString();
    }

    /** Waits until the stream ends; whether it did within {@code timeout}. */
    synchronized boolean awaitEnd(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void close() {
        thread.interrupt();
    }
}
