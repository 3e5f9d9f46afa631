package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * How {@code qemu:///system} confines its QEMU processes (libvirt's qemu.conf {@code user}, {@code group},
 * {@code dynamic_ownership}, {@code remember_owner}, {@code namespaces}). {@link #UNCONFINED} is
 * {@code qemu:///session}'s: QEMU runs as the daemon's own user, as libvirt's session daemon does.
 *
 * @param confined          whether QEMU runs as {@code user}:{@code group} with no capabilities at all
 * @param user              a user name or {@code +UID}
 * @param group             a group name or {@code +GID}
 * @param dynamicOwnership  whether the guest's files are given to QEMU's user while it runs
 * @param rememberOwner     whether their owner and mode are remembered (trusted.* attributes) and restored
 * @param mountNamespace    whether QEMU gets a private mount namespace whose /dev holds only its devices
 */
public record QemuSecurity(boolean confined, String user, String group, boolean dynamicOwnership,
        boolean rememberOwner, boolean mountNamespace) {

    public static final String DEFAULT_USER = "virtkit-qemu";
    public static final String DEFAULT_GROUP = "virtkit-qemu";

    /** QEMU as the daemon's user: no change of owner, no namespace (qemu:///session). */
    public static final QemuSecurity UNCONFINED = new QemuSecurity(false, "+0", "+0", false, false, false);

    /** libvirt's qemu:///system defaults with Virtkit's user and group. */
    public static final QemuSecurity DEFAULTS = new QemuSecurity(true, DEFAULT_USER, DEFAULT_GROUP, true, true, true);

    public QemuSecurity {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(group, "group");
    }

    static QemuSecurity of(QemuDriverConfig config) {
        List<String> namespaces = List.of(config.namespaces() == null ? new String[0] : config.namespaces());
        for (String n : namespaces) {
            if (!n.isBlank() && !n.equals("mount")) {
                throw new IllegalArgumentException("unsupported namespace '" + n + "'");
            }
        }
        return new QemuSecurity(true, config.user(), config.group(), config.dynamicOwnership(),
                config.rememberOwner(), namespaces.contains("mount"));
    }

    /** The uid and gid QEMU runs as, looked up now (the launcher may have created the user since activation). */
    QemuIdentity identity() {
        return new QemuIdentity(id(user, Path.of("/etc/passwd"), 2, "user"), id(group, Path.of("/etc/group"), 2,
                "group"));
    }

    /** {@code +N} as a number, else the name's entry in a colon-separated database (libvirt: getpwnam/getgrnam). */
    private static int id(String name, Path database, int column, String what) {
        if (name.startsWith("+")) {
            try {
                return Integer.parseUnsignedInt(name.substring(1));
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "Failed to parse " + what + " '" + name + "'");
            }
        }
        try {
            for (String line : Files.readAllLines(database)) {
                String[] f = line.split(":", -1);
                if (f.length > column && f[0].equals(name)) {
                    return Integer.parseUnsignedInt(f[column]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // reported below as not found
        }
        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, "Failed to parse " + what + " '" + name
                + "' (the launcher's set-up creates " + DEFAULT_USER + "; qemu.conf-like 'user'/'group' of pid "
                + "io.virtkit.qemu)");
    }

    /** The numeric identity QEMU runs as. */
    record QemuIdentity(int uid, int gid) {
    }
}
