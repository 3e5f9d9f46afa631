package io.virtkit.qemu.internal.security;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.qemu.internal.security.GuestFiles.GuestFile;
import io.virtkit.support.AtomicFiles;

/**
 * libvirt's DAC security driver with {@code dynamic_ownership}: gives a guest's files to QEMU's user for the
 * guest's lifetime and back after. Each labelled file is first written to the domain's label journal (a
 * root-only file of the daemon's, synced before the owner changes): whoever ends the run — this instance, one
 * started after a kill -9 of the daemon, the reconnect finding QEMU gone — restores exactly the journal's files.
 * The original owner comes from {@link RememberedOwners} ({@code remember_owner}), else root:root as libvirt's.
 *
 * <p>A read-only disk also loses its write bits while in use, so that not even QEMU's user may write it; its
 * mode comes back with its owner. libvirt leaves read-only and shareable disks labelled after a stop because
 * another guest may use them; the remembered use count here knows when the last one stops.
 */
public final class DacLabels {

    private static final System.Logger LOG = System.getLogger(DacLabels.class.getName());

    private final RememberedOwners owners;
    private final boolean remember;

    /** With {@code remember} false ({@code remember_owner = 0}) files go back to root:root. */
    public DacLabels(RememberedOwners owners, boolean remember) {
        this.owners = owners;
        this.remember = remember;
    }

    /**
     * Refuses, before anything is changed, a file QEMU's user could not reach: a directory on the way it may
     * not search (QEMU runs with no supplementary group and no capability), or a missing file that is not an output
     * (libvirt's "Cannot access storage file … (as uid:…, gid:…)"). Without {@code ownership} the file itself must
     * also be readable (and writable unless read-only) as it is.
     */
    public static void checkAccess(List<GuestFile> files, QemuUser user, boolean ownership) {
        for (GuestFile f : files) {
            String why = reachable(f, user, ownership);
            if (why != null) {
                throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.STORAGE, "Cannot access storage file '"
                        + f.path() + "' (as uid:" + Integer.toUnsignedString(user.uid()) + ", gid:"
                        + Integer.toUnsignedString(user.gid()) + "): " + why);
            }
        }
    }

    private static String reachable(GuestFile f, QemuUser user, boolean ownership) {
        Path abs = f.path().toAbsolutePath().normalize();
        Path dir = abs.getParent();
        try {
            Path real = dir.toRealPath();
            for (Path p = real; p != null; p = p.getParent()) {
                if (!allows(FileOwner.of(p), user, 1)) {
                    return "Permission denied";
                }
            }
            if (!Files.exists(abs)) {
                return f.createIfMissing() ? null : "No such file or directory";
            }
            if (!ownership && !allows(FileOwner.of(abs), user, f.readOnly() ? 4 : 6)) {
                return "Permission denied";
            }
            return null;
        } catch (NoSuchFileException e) {
            return "No such file or directory";
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    /** Whether the permission bits grant {@code want} (4 r, 2 w, 1 x) to {@code user} alone. */
    private static boolean allows(FileOwner o, QemuUser user, int want) {
        int bits = o.uid() == user.uid() ? o.mode() >> 6 : o.gid() == user.gid() ? o.mode() >> 3 : o.mode();
        return (bits & want) == want;
    }

    /**
     * Gives {@code files} to {@code user}, each recorded in {@code journal} first. On failure what was done is
     * undone before the error is thrown.
     */
    public void label(Path journal, List<GuestFile> files, QemuUser user) {
        List<GuestFile> done = new ArrayList<>();
        try {
            Files.createDirectories(journal.getParent());
            for (GuestFile f : files) {
                if (f.createIfMissing() && !Files.exists(f.path())) {
                    // QEMU (not root) could not create it in a directory it does not own
                    Files.createFile(f.path(), PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rw-------")));
                }
                FileOwner before = FileOwner.of(f.path());
                append(journal, new Entry(f.path(), before));
                done.add(f);
                if (!remember || owners.acquire(f.path(), before)) {
                    Files.setAttribute(f.path(), "unix:gid", user.gid());
                    Files.setAttribute(f.path(), "unix:uid", user.uid());
                    if (f.readOnly()) {
                        Files.setAttribute(f.path(), "unix:mode", before.mode() & ~0222);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            restore(journal, done);
            String what = done.size() < files.size() ? files.get(done.size()).path().toString() : journal.toString();
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.SECURITY, "unable to set user and group to '"
                    + Integer.toUnsignedString(user.uid()) + ":" + Integer.toUnsignedString(user.gid()) + "' on '"
                    + what + "': " + e.getMessage(), e);
        }
    }

    /** Restores every file of {@code journal} and removes it (nothing to do when there is none). */
    public void restore(Path journal) {
        for (Entry e : entries(journal)) {
            restoreOne(e);
        }
        AtomicFiles.deleteQuietly(journal);
    }

    /** Restores {@code files} only (a disk unplugged) and keeps the rest in {@code journal}. */
    public void restore(Path journal, List<GuestFile> files) {
        List<Path> gone = new ArrayList<>(files.stream().map(GuestFile::path).toList());
        List<Entry> kept = new ArrayList<>();
        for (Entry e : entries(journal)) {
            if (gone.remove(e.path())) { // one use each: a file may be journalled for two uses
                restoreOne(e);
            } else {
                kept.add(e);
            }
        }
        try {
            StringBuilder text = new StringBuilder();
            kept.forEach(e -> text.append(e.line()));
            AtomicFiles.write(journal, text.toString());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot rewrite label journal " + journal + ": " + e.getMessage());
        }
    }

    /**
     * A journal line: a file and the owner it had when it was journalled, which is what it gets back should no
     * remembered owner be found (the daemon died after the line, before the record: nothing was changed yet).
     */
    record Entry(Path path, FileOwner before) {

        String line() {
            return path + (before == null ? "" : "\t" + before.format()) + "\n";
        }

        static Entry parse(String line) {
            int tab = line.lastIndexOf('\t');
            FileOwner owner = tab < 0 ? null : FileOwner.parse(line.substring(tab + 1));
            return owner == null ? new Entry(Path.of(line), null) : new Entry(Path.of(line.substring(0, tab)), owner);
        }
    }

    /** The files {@code journal} lists (one a line), empty when there is none. */
    public static List<Path> journalled(Path journal) {
        return entries(journal).stream().map(Entry::path).toList();
    }

    private static List<Entry> entries(Path journal) {
        try {
            return Files.readAllLines(journal, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(Entry::parse).toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read label journal " + journal + ": " + e.getMessage());
            return List.of();
        }
    }

    private void restoreOne(Entry entry) {
        Path file = entry.path();
        try {
            if (!Files.exists(file)) {
                return;
            }
            RememberedOwners.Release r = remember ? owners.release(file) : new RememberedOwners.Release.Unknown();
            if (r instanceof RememberedOwners.Release.Restore restore) {
                FileOwner o = restore.owner();
                Files.setAttribute(file, "unix:gid", o.gid());
                Files.setAttribute(file, "unix:uid", o.uid());
                Files.setAttribute(file, "unix:mode", o.mode());
            } else if (r instanceof RememberedOwners.Release.Unknown) {
                // remembering: no record means the daemon died before it changed anything (or the file system
                // keeps no attributes): the journalled owner; not remembering: root:root, as libvirt's
                boolean journalled = remember && entry.before() != null;
                Files.setAttribute(file, "unix:gid", journalled ? entry.before().gid() : 0);
                Files.setAttribute(file, "unix:uid", journalled ? entry.before().uid() : 0);
                if (journalled) {
                    Files.setAttribute(file, "unix:mode", entry.before().mode());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "unable to restore the owner of '" + file + "': " + e.getMessage());
        }
    }

    /** One line more in the journal, on disk before the file's owner changes. */
    private static void append(Path journal, Entry e) throws IOException {
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(e.line().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
    }
}
