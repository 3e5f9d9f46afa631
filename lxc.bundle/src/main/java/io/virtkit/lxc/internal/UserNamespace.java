package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.IdMap;

/**
 * A container's user namespace from the host's side, libvirt's {@code <idmap>}: {@code unshare --user}
 * makes it together with the other namespaces (so they are owned by it), and while the init wrapper still
 * waits on its sync FIFO the driver, as the host's root, writes the wrapper's {@code uid_map} and
 * {@code gid_map} and gives the console pty to the container's root. The wrapper then becomes that root
 * (as libvirt's container does, before any mount), so everything it mounts must be reachable by it:
 * {@link #checkReachable} says so before anything is created.
 */
final class UserNamespace {
    private UserNamespace() {
    }

    /** The kernel's /proc/PID/uid_map text: one "inside host count" line per range. */
    static String mapText(List<IdMap.Range> ranges) {
        StringBuilder s = new StringBuilder();
        for (IdMap.Range r : ranges) {
            s.append(r.start()).append(' ').append(r.target()).append(' ').append(r.count()).append('\n');
        }
        return s.toString();
    }

    /** The host uid that is the container's root. */
    static long rootUid(IdMap idmap) {
        return idmap.uids().get(0).target(); // IdMap guarantees the first range starts at 0
    }

    static long rootGid(IdMap idmap) {
        return idmap.gids().get(0).target();
    }

    /** Whether host {@code id} is inside one of the ranges, i.e. has a name in the container. */
    static boolean maps(List<IdMap.Range> ranges, long hostId) {
        return ranges.stream().anyMatch(r -> hostId >= r.target() && hostId - r.target() < r.count());
    }

    /** Whether the container's id {@code inside} exists (is mapped to some host id). */
    static boolean mapsInside(List<IdMap.Range> ranges, long inside) {
        return ranges.stream().anyMatch(r -> inside >= r.start() && inside - r.start() < r.count());
    }

    /** libvirt's refusal when the kernel has no user namespaces. */
    static void checkHostSupport() {
        if (!Files.exists(Path.of("/proc/self/ns/user"))) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                    "Kernel doesn't support user namespace");
        }
    }

    /**
     * The container's root reaches {@code path} only if it may search every directory on the way: its
     * capabilities count only for files whose owner and group both have a name in the container, other
     * files see it as the unprivileged host user {@link #rootUid} with group {@link #rootGid}.
     */
    static void checkReachable(IdMap idmap, Path path) {
        Path p;
        try {
            p = path.toRealPath(); // the directories the kernel walks, links resolved
        } catch (IOException e) {
            return; // a missing source is reported by the caller's own check
        }
        for (Path dir = p.getParent(); dir != null; dir = dir.getParent()) {
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(dir, PosixFileAttributes.class);
            } catch (IOException e) {
                continue;
            }
            if (!searchable(idmap, dir, a)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                        "Failed to access '" + path + "': the container's root (host uid " + rootUid(idmap)
                                + ") cannot search '" + dir + "'; with <idmap> every directory above a filesystem "
                                + "source must be searchable by it");
            }
        }
    }

    private static boolean searchable(IdMap idmap, Path dir, PosixFileAttributes a) {
        long uid = numeric(dir, "uid");
        long gid = numeric(dir, "gid");
        Set<PosixFilePermission> perms = a.permissions();
        if (maps(idmap.uids(), uid) && maps(idmap.gids(), gid)) {
            return true; // CAP_DAC_READ_SEARCH in the container applies to it
        }
        if (uid == rootUid(idmap)) {
            return perms.contains(PosixFilePermission.OWNER_EXECUTE);
        }
        if (gid == rootGid(idmap)) {
            return perms.contains(PosixFilePermission.GROUP_EXECUTE);
        }
        return perms.contains(PosixFilePermission.OTHERS_EXECUTE);
    }

    private static long numeric(Path p, String attribute) {
        try {
            // uid_t is unsigned: ids above 2^31 come back as negative ints
            return Integer.toUnsignedLong(((Number) Files.getAttribute(p, "unix:" + attribute)).intValue());
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * Writes the maps of the namespace {@code pid} is in, each in the one write(2) the kernel accepts. A
     * process with CAP_SETGID in the parent namespace (the host's root) needs no "deny" in setgroups first.
     */
    static void writeMaps(long pid, IdMap idmap) throws IOException {
        writeOnce(Path.of("/proc", Long.toString(pid), "uid_map"), mapText(idmap.uids()));
        writeOnce(Path.of("/proc", Long.toString(pid), "gid_map"), mapText(idmap.gids()));
    }

    private static void writeOnce(Path file, String text) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            int written = ch.write(bytes);
            if (bytes.hasRemaining()) {
                throw new IOException("short write of " + written + " bytes to " + file);
            }
        } catch (IOException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Gives the pty on init's standard input (its console, bound to /dev/console inside) to the container's
     * root, as libvirt does with its console devices: otherwise the host's root would own it and the
     * container could not open /dev/console.
     */
    static void giveConsole(long pid, IdMap idmap) throws IOException {
        Path tty = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", "0"));
        if (!tty.startsWith("/dev/pts/")) {
            return; // no pty console (nothing to hand over)
        }
        Files.setAttribute(tty, "unix:uid", (int) rootUid(idmap), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(tty, "unix:gid", (int) rootGid(idmap), LinkOption.NOFOLLOW_LINKS);
    }
}
