package io.virtkit.netdev.internal;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/**
 * The few C library calls netdev needs, bound by JNA direct mapping (static natives, no proxy per call).
 * Every call that can fail declares {@link LastErrorException}, so errno is read by JNA right after
 * the call on the same thread instead of racing with later JVM activity.
 *
 * <p>Constants are Linux's generic values (x86_64, aarch64, riscv64); the ioctl numbers differ on
 * powerpc/mips/sparc, which Virtkit does not target.
 */
final class LibC {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int O_RDWR = 2;
    static final int O_CLOEXEC = 0x80000;
    static final int O_RDONLY = 0;

    static final int AF_NETLINK = 16;
    static final int SOCK_RAW = 3;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_ROUTE = 0;

    static final int CLONE_NEWNET = 0x40000000;

    static final int EPERM = 1;
    static final int ENOENT = 2;
    static final int EINVAL = 22;
    static final int EBUSY = 16;
    static final int EEXIST = 17;
    static final int ENODEV = 19;
    static final int ERANGE = 34;
    static final int EOPNOTSUPP = 95;

    private LibC() {
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    /** ioctl whose argument is a buffer the kernel reads and/or writes (e.g. struct ifreq). */
    static native int ioctl(int fd, NativeLong request, byte[] arg) throws LastErrorException;

    /** ioctl whose argument is a plain integer (e.g. TUNSETPERSIST). */
    static native int ioctl(int fd, NativeLong request, NativeLong arg) throws LastErrorException;

    static native int socket(int domain, int type, int protocol) throws LastErrorException;

    static native int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

    static native NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrlen)
            throws LastErrorException;

    static native NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    /** 0 when there is no such interface (errno ENODEV), never throws for that case. */
    static native int if_nametoindex(String name);

    static native String strerror(int errnum);

    /** glibc's text for {@code errno}, as libvirt appends it to system errors. */
    static String describe(int errno) {
        String text = strerror(errno);
        return text == null ? "errno " + errno : text;
    }

    /** The errno carried by a JNA failure. */
    static int errno(LastErrorException e) {
        return e.getErrorCode();
    }

    /** Closes {@code fd}, ignoring failures: used on clean-up paths where the first error matters. */
    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // the descriptor is gone either way (Linux always releases it on close)
            }
        }
    }
}
