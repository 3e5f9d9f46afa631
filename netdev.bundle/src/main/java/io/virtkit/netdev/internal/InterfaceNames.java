package io.virtkit.netdev.internal;

/**
 * Checks on network interface names done before any kernel call, so a bad name can never reach a
 * call that would interpret it (the kernel expands a {@code %d} template, and struct ifreq would cut a
 * long name silently and act on another interface).
 */
final class InterfaceNames {
    /** IFNAMSIZ minus the terminating NUL. */
    static final int MAX_LENGTH = 15;

    private InterfaceNames() {
    }

    /**
     * Rejects what the kernel's dev_valid_name rejects (empty, ".", "..", '/', ':', whitespace) plus
     * '%' (a template, not a name) and names longer than 15 bytes, with the messages libvirt gives:
     * ERANGE for a long name, EINVAL (as the kernel would answer) for the rest.
     *
     * @param action what was attempted, for the EINVAL message ("Unable to create tap device")
     */
    static void validate(String name, String action) {
        if (name == null) {
            throw new io.virtkit.api.VirtException(io.virtkit.api.ErrorCode.INVALID_ARG,
                    io.virtkit.api.ErrorDomain.NONE, "an interface name is required");
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw NetdevErrors.system(LibC.ERANGE, "Network interface name '" + name + "' is too long");
        }
        if (!isValid(name)) {
            throw NetdevErrors.system(LibC.EINVAL, action + " " + name);
        }
    }

    static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..")) {
            return false;
        }
        if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == ':' || c == '%' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }
}
