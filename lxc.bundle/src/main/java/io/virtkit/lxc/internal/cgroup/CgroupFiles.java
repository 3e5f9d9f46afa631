package io.virtkit.lxc.internal.cgroup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

/** Reading and writing cgroup control files: one value per write, as the kernel wants them. */
final class CgroupFiles {
    private CgroupFiles() {
    }

    /** Writes {@code value} in one write(2), as {@code echo VALUE > FILE} does; never creates the file. */
    static void write(Path file, String value) {
        try {
            Files.write(file, value.getBytes(StandardCharsets.US_ASCII), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new CgroupException("Unable to write to '" + file + "': " + reason(e), e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new CgroupException("Unable to read from '" + file + "': " + reason(e), e);
        }
    }

    static long readLong(Path file) {
        String text = read(file).strip();
        try {
            return text.equals("max") ? Long.MAX_VALUE : Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new CgroupException("Unexpected value '" + text + "' in '" + file + "'");
        }
    }

    /** The value of {@code key} in a flat keyed file ("usage_usec 123"), or -1. */
    static long keyed(Path file, String key) {
        for (String line : read(file).split("\n")) {
            String[] kv = line.strip().split("\\s+");
            if (kv.length == 2 && kv[0].equals(key)) {
                return Long.parseLong(kv[1]);
            }
        }
        return -1;
    }

    /** The pids in a cgroup.procs file; none when the group has gone (even while reading it). */
    static Set<Long> pids(Path procs) {
        Set<Long> pids = new LinkedHashSet<>();
        String text;
        try {
            text = Files.readString(procs, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            if (e instanceof NoSuchFileException || !Files.exists(procs)) {
                return pids; // removed (ENOENT, or ENODEV while going): a group goes only once it has no process
            }
            throw new CgroupException("Unable to read from '" + procs + "': " + reason(e), e);
        }
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Long.parseLong(line.strip()));
            }
        }
        return pids;
    }

    static void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CgroupException("Unable to create cgroup '" + dir + "': " + reason(e), e);
        }
    }

    /**
     * rmdir, retried while the kernel still counts exiting tasks (EBUSY): a group empties a moment after
     * its last process has been reaped.
     */
    static void rmdir(Path dir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                Files.delete(dir);
                return;
            } catch (NoSuchFileException e) {
                return;
            } catch (DirectoryNotEmptyException e) {
                // a plain directory with files: not a cgroup (tests), or one with child groups
                throw new CgroupException("Unable to remove cgroup '" + dir + "': directory not empty", e);
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new CgroupException("Unable to remove cgroup '" + dir + "': " + reason(e), e);
                }
                pause();
            }
        }
    }

    /** Waits until {@code done} holds; false when {@code timeout} passed first. */
    static boolean await(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause();
        }
        return true;
    }

    /**
     * SIGKILL to every process that {@code procs} lists, never to a pid that another process has taken
     * since: each listed pid is opened first (a handle bound to the process holding it then), the list is
     * read again, and only the opened processes whose pid it still shows are signalled. A pid listed after
     * its handle was opened belongs to that handle's process for as long as the signal finds it unreaped,
     * since a pid changes hands only once its process has been reaped, and then the signal goes nowhere.
     * (A frozen task cannot exit, but an exiting one is past the freezer, and the namespace's init, outside
     * the group's freeze once it exits itself, reaps it: its pid is free before our kill(2) would land.)
     *
     * @param signalled the pids signalled already in this round (other hierarchies' lists): skipped; the
     *                  ones signalled now are added
     */
    static void killListed(Path procs, ProcessOpener opener, Set<Long> signalled) {
        Map<Long, ProcessOpener.Opened> opened = new LinkedHashMap<>();
        try {
            for (long pid : pids(procs)) {
                if (!signalled.contains(pid)) {
                    opener.open(pid).ifPresent(p -> opened.put(pid, p));
                }
            }
            if (opened.isEmpty()) {
                return;
            }
            Set<Long> still = pids(procs);
            for (Map.Entry<Long, ProcessOpener.Opened> e : opened.entrySet()) {
                if (still.contains(e.getKey()) && e.getValue().kill()) {
                    signalled.add(e.getKey());
                }
            }
        } finally {
            opened.values().forEach(ProcessOpener.Opened::close);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException("interrupted", e);
        }
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        // java.nio reports "path: Device or resource busy"; keep the kernel's part
        int colon = m == null ? -1 : m.lastIndexOf(": ");
        return m == null ? e.getClass().getSimpleName() : colon >= 0 ? m.substring(colon + 2) : m;
    }
}
