package io.virtkit.qemu.internal.qmp;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Platform;

/** libc calls only the tests need: raw descriptors, namespaces and TAP creation. */
final class TestLibC {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int O_RDONLY = 0;
    static final int O_RDWR = 2;
    static final int O_CREAT = 0x40;
    static final int O_CLOEXEC = 0x80000;
    static final int CLONE_NEWNET = 0x40000000;
    static final int IFF_TAP = 0x0002;
    static final int IFF_NO_PI = 0x1000;
    static final NativeLong TUNSETIFF = new NativeLong(0x400454caL);

    private TestLibC() {
    }

    static native int open(String path, int flags, int mode) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int pipe(int[] fds) throws LastErrorException;

    static native int setns(int fd, int nstype) throws LastErrorException;

    static native int ioctl(int fd, NativeLong request, byte[] arg) throws LastErrorException;

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            try {
                close(fd);
            } catch (LastErrorException ignored) {
                // released anyway
            }
        }
    }
}
