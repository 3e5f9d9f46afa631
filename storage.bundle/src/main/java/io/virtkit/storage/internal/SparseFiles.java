package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Path;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * A file's holes through the C library, which Java's file API does not reach: where data and holes begin
 * ({@code lseek} with {@code SEEK_DATA}/{@code SEEK_HOLE}, as libvirt's {@code virFileInData} finds them) and
 * punching a hole ({@code fallocate(FALLOC_FL_PUNCH_HOLE)}), on a descriptor of its own beside the stream's
 * {@code FileChannel}. Where JNA or the calls are missing, {@link #available()} is false and the streams fall back
 * to finding zero runs and to the {@code fallocate} program.
 */
final class SparseFiles {
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int FALLOC_FL_PUNCH_HOLE = 2;
    private static final int ENXIO = 6;
    private static final boolean AVAILABLE = load();

    private SparseFiles() {
    }

    /** The C library's calls, bound by JNA direct mapping on first use. */
    private static final class Natives {
        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }

        static native int open(String path, int flags) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native long lseek(int fd, long offset, int whence) throws LastErrorException;

        static native int fallocate(int fd, int mode, long offset, long length) throws LastErrorException;
    }

    private static boolean load() {
        try {
            Class.forName(Natives.class.getName(), true, SparseFiles.class.getClassLoader());
            return true;
        } catch (LinkageError | ClassNotFoundException | RuntimeException e) {
            return false;
        }
    }

    static boolean available() {
        return AVAILABLE;
    }

    /** A descriptor on {@code file} for {@link #nextData}/{@link #nextHole} ({@code write}: for {@link #punchHole}). */
    static int open(Path file, boolean write) throws IOException {
        try {
            return Natives.open(file.toString(), (write ? O_WRONLY : O_RDONLY) | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw error(e);
        }
    }

    static void close(int fd) {
        try {
            Natives.close(fd);
        } catch (LastErrorException e) {
            // nothing was written through it: nothing to lose
        }
    }

    /** Where the next data at or after {@code pos} begins; {@code end} when there is none before it. */
    static long nextData(int fd, long pos, long end) throws IOException {
        return seek(fd, pos, end, SEEK_DATA);
    }

    /** Where the next hole at or after {@code pos} begins ({@code end} at the latest: a file ends in a hole). */
    static long nextHole(int fd, long pos, long end) throws IOException {
        return seek(fd, pos, end, SEEK_HOLE);
    }

    private static long seek(int fd, long pos, long end, int whence) throws IOException {
        try {
            return Math.min(end, Natives.lseek(fd, pos, whence));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENXIO) {
                return end; // past the last data: the rest is a hole
            }
            throw error(e);
        }
    }

    /** Frees the blocks of {@code length} bytes from {@code offset}; the file keeps its size and reads zeros there. */
    static void punchHole(int fd, long offset, long length) throws IOException {
        try {
            Natives.fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length);
        } catch (LastErrorException e) {
            throw error(e);
        }
    }

    /** The C library's wording of the errno (JNA's message is "[errno] text"), as {@link StorageErrors} shows it. */
    private static IOException error(LastErrorException e) {
        String message = String.valueOf(e.getMessage());
        int bracket = message.indexOf("] ");
        return new IOException(bracket >= 0 ? message.substring(bracket + 2) : "errno " + e.getErrorCode(), e);
    }
}
