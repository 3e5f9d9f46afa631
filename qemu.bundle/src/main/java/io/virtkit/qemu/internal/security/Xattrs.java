package io.virtkit.qemu.internal.security;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Extended attributes of a file (getxattr, setxattr, removexattr), bound by JNA direct mapping. The JDK's
 * {@code UserDefinedFileAttributeView} reaches only the {@code user.} namespace, which whoever may write the file
 * may also change; the remembered owner must live where only the daemon (CAP_SYS_ADMIN) can write it:
 * {@code trusted.}.
 */
final class Xattrs {
    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    static final int EPERM = 1;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;
    static final int ERANGE = 34;

    private Xattrs() {
    }

    /** Whether {@code e} says this file (system) keeps no such attributes for us, rather than a real failure. */
    static boolean unsupported(LastErrorException e) {
        return e.getErrorCode() == ENOTSUP || e.getErrorCode() == EPERM;
    }

    private static native long getxattr(String path, String name, byte[] value, long size) throws LastErrorException;

    private static native int setxattr(String path, String name, byte[] value, long size, int flags)
            throws LastErrorException;

    private static native int removexattr(String path, String name) throws LastErrorException;

    static native String strerror(int errnum);

    /** The attribute's value, or empty when the file has none of that name. */
    static Optional<String> get(String path, String name) throws LastErrorException {
        byte[] buf = new byte[256];
        try {
            long n = getxattr(path, name, buf, buf.length);
            return Optional.of(new String(buf, 0, (int) n, StandardCharsets.UTF_8));
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA) {
                return Optional.empty();
            }
            throw e;
        }
    }

    static void set(String path, String name, String value) throws LastErrorException {
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        setxattr(path, name, v, v.length, 0);
    }

    /** Removes the attribute; one that is not there is no error. */
    static void remove(String path, String name) throws LastErrorException {
        try {
            removexattr(path, name);
        } catch (LastErrorException e) {
            if (e.getErrorCode() != ENODATA) {
                throw e;
            }
        }
    }
}
