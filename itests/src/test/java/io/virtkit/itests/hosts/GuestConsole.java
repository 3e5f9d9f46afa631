package io.virtkit.itests.hosts;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * The guest's serial console as a file both hosts' QEMUs append to (a {@code <serial type='file'>} with
 * {@code append='on'} on a path both namespaces see): the guest prints {@link TinyLinuxGuest#TICK_MARKER} with a
 * counter every 0.2 s, whichever QEMU runs it. The counter is the guest's own proof: it keeps counting across a
 * move (not rebooted: a reboot starts again at 0) and, since a guest running twice would print each number twice
 * (both copies count on from the same memory), every number appears once: {@link #violations()}.
 */
public final class GuestConsole {

    private static final Pattern TICK = Pattern.compile(Pattern.quote(TinyLinuxGuest.TICK_MARKER) + " (\\d+)");

    private final Path file;
    private final List<Long> ticks = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private long offset;
    private String partial = "";

    public GuestConsole(Path file) {
        this.file = file;
    }

    /**
     * The console from its current end on: for a guest started again (an HA restart boots it anew, counting from 0),
     * whose earlier life's counter is not this one's.
     */
    public static GuestConsole fromNow(Path file) {
        GuestConsole console = new GuestConsole(file);
        try {
            console.offset = Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return console;
    }

    public Path file() {
        return file;
    }

    /** Reads what the guest printed since the last call; returns the last counter value seen (-1: none yet). */
    public synchronized long poll() {
        if (!Files.exists(file)) {
            return lastTick();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length > offset) {
                byte[] bytes = new byte[(int) (length - offset)];
                in.seek(offset);
                in.readFully(bytes);
                offset = length;
                String text = partial + new String(bytes, StandardCharsets.ISO_8859_1);
                int end = text.lastIndexOf('\n');
                partial = text.substring(end + 1);
                text.substring(0, end + 1).lines().forEach(this::line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lastTick();
    }

    private void line(String line) {
        Matcher m = TICK.matcher(line);
        while (m.find()) {
            long tick = Long.parseLong(m.group(1));
            long last = lastTick();
            if (tick <= last) {
                violations.add("tick " + tick + " after tick " + last + (tick == 0 ? " (the guest was rebooted)"
                        : " (two copies of the guest counted)"));
            }
            ticks.add(tick);
        }
    }

    public synchronized long lastTick() {
        return ticks.isEmpty() ? -1 : ticks.get(ticks.size() - 1);
    }

    /** Every counter value printed out of order so far: empty while the guest ran once, unbroken. */
    public synchronized List<String> violations() {
        poll();
        return List.copyOf(violations);
    }

    /** Waits until the guest has printed a counter value above {@code tick}, e.g. to show it runs on after a move. */
    public long awaitTickAbove(long tick, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            long last = poll();
            if (last > tick) {
                return last;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the guest printed no " + TinyLinuxGuest.TICK_MARKER + " above " + tick + " within "
                + bound + "; last: " + lastTick() + "; console tail: " + tail());
    }

    /** Whether the guest prints a new counter value within {@code bound} (it runs), without failing if not. */
    public boolean ticksWithin(Duration bound) throws InterruptedException {
        long last = poll();
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            if (poll() > last) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** The last characters of the console, for a failure's message. */
    public String tail() {
        try {
            String text = Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
            return text.substring(Math.max(0, text.length() - 600));
        } catch (IOException e) {
            return "(" + e.getMessage() + ")";
        }
    }
}
