package io.virtkit.lxc.internal.cgroup;

/** A cgroup file could not be read or written; the message names the file and the kernel's answer. */
public final class CgroupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
