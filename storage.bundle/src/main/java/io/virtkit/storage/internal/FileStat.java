package io.virtkit.storage.internal;

import io.virtkit.model.storage.StoragePermissions;
import io.virtkit.model.storage.VolumeTimestamps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What libvirt's refresh takes from a stat of a volume, a backing store or a pool's target directory: the
 * {@code <permissions>} (mode bits rwx only, owner and group ids) and the {@code <timestamps>}.
 */
record FileStat(int mode, long uid, long gid, Instant atime, Instant mtime, Instant ctime) {

    /** A stat of {@code path}, following links as libvirt's does; empty when it cannot be had. */
    static Optional<FileStat> of(Path path) {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, "unix:mode,uid,gid,lastAccessTime,lastModifiedTime,ctime");
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
        return Optional.of(new FileStat((Integer) a.get("mode") & 0777, ((Integer) a.get("uid")).longValue(),
                ((Integer) a.get("gid")).longValue(), ((FileTime) a.get("lastAccessTime")).toInstant(),
                ((FileTime) a.get("lastModifiedTime")).toInstant(), ((FileTime) a.get("ctime")).toInstant()));
    }

    /** The {@code <permissions>}; no label, as a host without SELinux has none to report. */
    StoragePermissions permissions() {
        return new StoragePermissions(mode, uid, gid, null);
    }

    /** The {@code <timestamps>}, birth time 0 as libvirt 9.0 reports it (it does not ask statx). */
    VolumeTimestamps timestamps() {
        return new VolumeTimestamps(seconds(atime), seconds(mtime), seconds(ctime), "0");
    }

    /** libvirt's timestamp: seconds, then a dot and nine digits of nanoseconds unless those are 0. */
    static String seconds(Instant t) {
        return t.getNano() == 0 ? Long.toString(t.getEpochSecond())
                : t.getEpochSecond() + "." + String.format("%09d", t.getNano());
    }
}
