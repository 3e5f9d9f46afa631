package io.virtkit.support;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A guest's log as the drivers report it: QEMU's and the LXC controller's stderr go to a per-domain log
 * file, and a failed start's error names what the process wrote there during that start (libvirt's
 * {@code qemuProcessReadLog}), i.e. from the offset the log had when the start began.
 */
public final class LogFiles {

    /** At most this much of a log is read into an error message. */
    public static final int MAX_READ = 64 * 1024;

    private LogFiles() {
    }

    /**
     * What {@code file} holds from {@code offset} on (at most {@link #MAX_READ} bytes, UTF-8); empty when
     * there is nothing more, or the file cannot be read (an error message must not fail for its detail).
     */
    public static String readFrom(Path file, long offset) {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long len = f.length() - offset;
            if (len <= 0) {
                return "";
            }
            byte[] buf = new byte[(int) Math.min(len, MAX_READ)];
            f.seek(offset);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
