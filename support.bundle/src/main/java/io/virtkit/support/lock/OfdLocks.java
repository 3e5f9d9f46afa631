package io.virtkit.support.lock;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The C library calls of the disk leases, bound by JNA direct mapping: open, Linux's open-file-description
 * locks (fcntl {@code F_OFD_SETLK}, 3.15+) and close. Every call that can fail declares
 * {@link LastErrorException}, so errno is read right after the call on the same thread.
 *
 * <p>An OFD lock belongs to the open file description, not to the process (as a POSIX {@code F_SETLK} lock
 * would): it goes with every duplicate of the descriptor, also one passed to another process over a UNIX
 * socket, and ends only when the last of them closes. That is what lets the daemon hand a lease to QEMU and
 * close its own copy. Two descriptions of one file conflict even inside one process.
 *
 * <p>{@code struct flock} is Linux's generic layout (x86_64, aarch64, riscv64): {@code short l_type; short
 * l_whence; off_t l_start; off_t l_len; pid_t l_pid;}, 32 bytes with padding.
 */
final class OfdLocks {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int O_NOCTTY = 0x100;

    static final int F_OFD_SETLK = 37;
    static final int F_DUPFD_CLOEXEC = 1030;
    static final short F_WRLCK = 1;
    static final short SEEK_SET = 0;

    static final int EACCES = 13;
    static final int EAGAIN = 11;

    private static final int FLOCK_SIZE = 32;

    private OfdLocks() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** fcntl whose argument is a struct the kernel reads (a copy of the array is passed). */
    static native int fcntl(int fd, int cmd, byte[] arg) throws LastErrorException;

    /** fcntl whose argument is a plain integer (F_DUPFD_CLOEXEC). */
    static native int fcntl(int fd, int cmd, int arg) throws LastErrorException;

    static native String strerror(int errnum);

    /**
     * Takes a non-blocking write lock on {@code length} bytes from {@code start} of {@code fd}'s open file
     * description.
     *
     * @throws LastErrorException EAGAIN/EACCES when another description holds a conflicting lock
     */
    static void writeLock(int fd, long start, long length) throws LastErrorException {
        byte[] flock = new byte[FLOCK_SIZE]; // little-endian on every target; l_pid must be 0 for OFD locks
        putShort(flock, 0, F_WRLCK);
        putShort(flock, 2, SEEK_SET);
        putLong(flock, 8, start);
        putLong(flock, 16, length);
        fcntl(fd, F_OFD_SETLK, flock);
    }

    /** glibc's text for {@code errno}, as libvirt appends it to system errors. */
    static String describe(int errno) {
        String text = strerror(errno);
        return text == null ? "errno " + errno : text;
    }

    /** Closes {@code fd}, ignoring failures (clean-up paths; Linux releases the descriptor either way). */
    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // gone either way
            }
        }
    }

    private static void putShort(byte[] b, int at, short v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
    }

    private static void putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >> (8 * i));
        }
    }
}
