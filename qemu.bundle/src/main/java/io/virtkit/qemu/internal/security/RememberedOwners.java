package io.virtkit.qemu.internal.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.sun.jna.LastErrorException;

/**
 * The owners files had before guests were given them (libvirt's {@code remember_owner}), kept on each file
 * itself in {@code trusted.} extended attributes: the original owner and mode, how many running guests use the
 * file, and the boot they were recorded in.
 *
 * <p>Why on the file and not in a record of the daemon's: the attribute is written (one syscall, the kernel
 * has it when it returns) before the file's owner changes, so a daemon killed with -9 at any point leaves either
 * an untouched file or a file that says what to restore; it goes with the file to whichever daemon instance
 * stops the guest (a restarted daemon, the other end of a migration on this host, a second driver sharing the
 * file), so two guests sharing a file count on one counter; and only CAP_SYS_ADMIN may write {@code trusted.}
 * attributes, so QEMU, owning the file meanwhile, cannot forge the owner root would restore (a {@code user.}
 * attribute, the only namespace the JDK reaches, it could). A record of an earlier boot is stale (no guest of it
 * can still run): its count starts again, its original owner still holds.
 *
 * <p>A file system without (trusted) extended attributes, or a daemon without CAP_SYS_ADMIN, keeps no record: the
 * file then gets the owner the label journal noted (see {@link DacLabels}), and guests sharing it are not counted.
 * Callers serialise the changes of one host's files through one instance.
 */
public final class RememberedOwners {

    static final String OWNER = "trusted.virtkit.security.dac";
    static final String REFS = "trusted.virtkit.security.ref_dac";
    static final String BOOT = "trusted.virtkit.security.timestamp_dac";

    private final String bootId;

    public RememberedOwners() {
        this(readBootId());
    }

    RememberedOwners(String bootId) {
        this.bootId = bootId;
    }

    /** What {@link #release} says is to become of a file. */
    public sealed interface Release {
        /** Other guests still use it: leave it. */
        record StillUsed(int users) implements Release {
        }

        /** The last user went: give it back to this owner and mode. */
        record Restore(FileOwner owner) implements Release {
        }

        /** Nothing was remembered (no attributes here): root:root, as libvirt's. */
        record Unknown() implements Release {
        }
    }

    /**
     * One guest more uses {@code file}, whose owner is {@code current} now. Returns true when it is the first (its
     * owner recorded now; the caller gives it to QEMU's user), false when another guest's record stands.
     */
    public synchronized boolean acquire(Path file, FileOwner current) throws IOException {
        String path = file.toString();
        try {
            Optional<String> owner = Xattrs.get(path, OWNER);
            boolean live = owner.isPresent() && FileOwner.parse(owner.get()) != null
                    && Xattrs.get(path, BOOT).filter(bootId::equals).isPresent();
            int refs = live ? Xattrs.get(path, REFS).map(RememberedOwners::count).orElse(0) : 0;
            if (refs > 0) {
                Xattrs.set(path, REFS, Integer.toString(refs + 1));
                return false;
            }
            if (owner.isEmpty() || FileOwner.parse(owner.get()) == null) {
                Xattrs.set(path, OWNER, current.format());
            } // else a stale record of an earlier boot: its original owner still holds
            Xattrs.set(path, BOOT, bootId);
            Xattrs.set(path, REFS, "1");
            return true;
        } catch (LastErrorException e) {
            if (Xattrs.unsupported(e)) {
                return true;
            }
            throw new IOException(Xattrs.strerror(e.getErrorCode()), e);
        }
    }

    /** One guest fewer uses {@code file}: what is to become of it. */
    public synchronized Release release(Path file) throws IOException {
        String path = file.toString();
        try {
            Optional<FileOwner> owner = Xattrs.get(path, OWNER).map(FileOwner::parse);
            if (owner.isEmpty()) {
                return new Release.Unknown();
            }
            boolean live = Xattrs.get(path, BOOT).filter(bootId::equals).isPresent();
            int refs = live ? Xattrs.get(path, REFS).map(RememberedOwners::count).orElse(0) : 0;
            if (refs > 1) {
                Xattrs.set(path, REFS, Integer.toString(refs - 1));
                return new Release.StillUsed(refs - 1);
            }
            Xattrs.remove(path, REFS);
            Xattrs.remove(path, BOOT);
            Xattrs.remove(path, OWNER);
            return new Release.Restore(owner.get());
        } catch (LastErrorException e) {
            if (Xattrs.unsupported(e)) {
                return new Release.Unknown();
            }
            throw new IOException(Xattrs.strerror(e.getErrorCode()), e);
        }
    }

    /** The remembered owner of {@code file}, if any (tests, diagnostics). */
    public static Optional<FileOwner> remembered(Path file) {
        try {
            return Xattrs.get(file.toString(), OWNER).map(FileOwner::parse);
        } catch (LastErrorException e) {
            return Optional.empty();
        }
    }

    private static int count(String text) {
        try {
            return Math.max(0, Integer.parseInt(text.strip()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
