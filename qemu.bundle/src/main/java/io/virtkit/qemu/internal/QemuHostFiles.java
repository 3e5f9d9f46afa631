package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.qemu.internal.security.DacLabels;
import io.virtkit.qemu.internal.security.GuestFiles;
import io.virtkit.qemu.internal.security.GuestFiles.GuestFile;
import io.virtkit.qemu.internal.security.QemuConfinement;
import io.virtkit.qemu.internal.security.QemuUser;
import io.virtkit.qemu.internal.security.RememberedOwners;

/**
 * What a guest's QEMU may reach on the host and as whom (libvirt's security manager with the DAC driver and
 * qemu_namespace.c): before a launch the guest's files are checked and given to QEMU's user, the domain's own
 * directory (monitor sockets, which QEMU creates) made QEMU's; the command runs confined; when the run ends,
 * however it ends, everything is given back and removed ({@link #release}). A state whose security is
 * {@link QemuSecurity#UNCONFINED} (qemu:///session) only keeps the domain's directory.
 *
 * <p>Files per domain {@code NAME} in the runtime directory: {@code domain-NAME/} (QEMU's), {@code NAME.labels}
 * (the label journal, the daemon's) and {@code NAME.dev/} (where the private /dev is built, the daemon's).
 */
final class QemuHostFiles {

    private final Path runtime;
    private final QemuSecurity security;
    private final DacLabels labels;

    QemuHostFiles(Path runtime, QemuSecurity security) {
        this.runtime = runtime;
        this.security = security;
        this.labels = new DacLabels(new RememberedOwners(), security.rememberOwner());
    }

    QemuSecurity security() {
        return security;
    }

    /** The domain's own directory: QEMU's monitor sockets (QEMU, running as its user, creates them). */
    Path domainDir(String name) {
        return runtime.resolve("domain-" + name);
    }

    private Path journal(String name) {
        return runtime.resolve(name + ".labels");
    }

    private Path devStaging(String name) {
        return runtime.resolve(name + ".dev");
    }

    /**
     * Prepares the host for a launch of {@code resolved} (volume disks as their files) and returns the command
     * running {@code argv}; refuses, before anything changes, a file QEMU's user cannot reach. The caller
     * calls {@link #release} when the start fails after this returned.
     */
    List<String> prepare(DomainDefinition resolved, List<String> argv) {
        String name = resolved.name();
        Path dir = domainDir(name);
        if (!security.confined()) {
            createPrivateDir(dir);
            List<String> command = new ArrayList<>(List.of("setsid", "--"));
            command.addAll(argv);
            return command;
        }
        QemuUser user = user();
        List<GuestFile> files = GuestFiles.of(resolved);
        DacLabels.checkAccess(files, user, security.dynamicOwnership());
        try {
            createPrivateDir(dir);
            Files.setAttribute(dir, "unix:gid", user.gid());
            Files.setAttribute(dir, "unix:uid", user.uid());
            Path channels = QemuChannelSockets.dir(runtime, name);
            if (Files.isDirectory(channels)) {
                Files.setAttribute(channels, "unix:gid", user.gid());
                Files.setAttribute(channels, "unix:uid", user.uid());
            }
            if (security.dynamicOwnership()) {
                labels.label(journal(name), files, user);
            }
            Path staging = null;
            if (security.mountNamespace()) {
                staging = devStaging(name);
                createPrivateDir(staging);
            }
            return QemuConfinement.command(argv, user, staging, QemuConfinement.devices(files, user));
        } catch (IOException e) {
            release(name);
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU, "Cannot prepare the host files of "
                    + "domain '" + name + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(name);
            throw e;
        }
    }

    /**
     * Refuses {@code resolved} when QEMU's user could not reach one of its files (libvirt's "Cannot access storage
     * file"), or when that user does not exist; changes nothing.
     */
    void check(DomainDefinition resolved) {
        if (security.confined()) {
            DacLabels.checkAccess(GuestFiles.of(resolved), user(), security.dynamicOwnership());
        }
    }

    /** The user a confined QEMU runs as. */
    QemuUser user() {
        QemuSecurity.QemuIdentity id = security.identity();
        return new QemuUser(id.uid(), id.gid());
    }

    /**
     * A run has ended (or a start failed): every labelled file goes back to its remembered owner, the domain's
     * directory and /dev staging go. Safe to call more than once and after a daemon restart (all is on disk).
     */
    void release(String name) {
        labels.restore(journal(name));
        deleteTree(domainDir(name));
        deleteTree(devStaging(name));
    }

    /** A disk about to be hot-plugged: checked and labelled as at start (refused when unreachable). */
    void plugDisk(String name, DiskDevice resolved) {
        if (!security.confined()) {
            return;
        }
        List<GuestFile> files = GuestFiles.of(resolved);
        QemuUser user = user();
        DacLabels.checkAccess(files, user, security.dynamicOwnership());
        if (security.dynamicOwnership()) {
            labels.label(journal(name), files, user);
        }
    }

    /** A disk unplugged (or whose plug failed): its file goes back. */
    void unplugDisk(String name, DiskDevice resolved) {
        if (security.confined() && security.dynamicOwnership()) {
            labels.restore(journal(name), GuestFiles.of(resolved));
        }
    }

    private static void createPrivateDir(Path dir) {
        try {
            Files.createDirectories(dir.getParent());
            if (!Files.isDirectory(dir)) {
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.QEMU, "Cannot create directory '" + dir
                    + "': " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // a mount point still busy, or gone already: nothing a caller could do
                }
            });
        } catch (IOException e) {
            // gone meanwhile
        }
    }
}
