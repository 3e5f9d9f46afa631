package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What the init wrapper reports through its ready FIFO, one line each: {@code pid N} (its pid as the host
 * sees it) as soon as it runs, {@code ok} once it is about to exec init. A thread of the driver's reads the
 * FIFO into a queue, so a start blocks on each report instead of polling the process table or a file.
 *
 * <p>The FIFO is opened read-write: that never blocks (the wrapper may never get to open it) and keeps it
 * open whatever the wrapper does, so the end of the wrapper is seen by checking that the processes waited
 * for still live, every {@value #LIVENESS_MILLIS} ms, not by an end of file. Once they are gone, a marker
 * line of ours goes through the FIFO behind whatever they wrote before they ended, so no report of theirs
 * is lost to the reading thread being late. Closing the channel ends the reading thread.
 */
final class WrapperReports implements AutoCloseable {
    private static final long LIVENESS_MILLIS = 20;
    private static final String MARKER = "virtkit: end of reports";

    private final Path fifo;
    private final FileChannel channel;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WrapperReports(Path fifo, FileChannel channel) {
        this.fifo = fifo;
        this.channel = channel;
    }

    /** Opens {@code fifo} and reads it on {@code executor} until {@link #close()}. */
    static WrapperReports read(Path fifo, Executor executor) throws IOException {
        WrapperReports reports = new WrapperReports(fifo,
                FileChannel.open(fifo, StandardOpenOption.READ, StandardOpenOption.WRITE));
        executor.execute(reports::pump);
        return reports;
    }

    private void pump() {
        ByteBuffer buf = ByteBuffer.allocate(256);
        StringBuilder line = new StringBuilder();
        try {
            while (channel.read(buf.clear()) > 0) {
                for (byte b : java.util.Arrays.copyOf(buf.array(), buf.position())) {
                    if (b == '\n') {
                        lines.add(line.toString());
                        line.setLength(0);
                    } else {
                        line.append((char) (b & 0xff));
                    }
                }
            }
        } catch (IOException e) {
            // closed: the start is over
        }
    }

    /**
     * The next report; null once {@code alive} no longer holds and every report written before has been
     * returned. Throws once {@code deadlineNanos} has passed without one.
     */
    String next(long deadlineNanos, BooleanSupplier alive) throws InterruptedException, ReportTimeout {
        boolean marked = false;
        while (true) {
            String line = lines.poll(LIVENESS_MILLIS, TimeUnit.MILLISECONDS);
            if (line != null && line.equals(MARKER)) {
                return null;
            }
            if (line != null && !line.isEmpty()) {
                return line;
            }
            if (!marked && !alive.getAsBoolean()) {
                mark();
                marked = true;
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new ReportTimeout();
            }
        }
    }

    /**
     * Writes the marker through a channel of its own (the reading one is busy in read); it cannot block:
     * we are the FIFO's reader. The newline first ends a line the writer may have left unfinished.
     */
    private void mark() {
        try (FileChannel ch = FileChannel.open(fifo, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(("\n" + MARKER + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            lines.add(MARKER); // cannot happen while we hold the FIFO; if it does, end the wait all the same
        }
    }

    @Override
    public void close() {
        try {
            channel.close(); // the reading thread's read ends with AsynchronousCloseException
        } catch (IOException e) {
            // nothing more to release
        }
    }

    /** No report in time. */
    static final class ReportTimeout extends Exception {
        private static final long serialVersionUID = 1L;

        ReportTimeout() {
            super(null, null, false, false);
        }
    }
}
