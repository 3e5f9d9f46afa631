package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@code qemu-img info} last said of each image file, kept while the file is unchanged: its inode, size,
 * modification and change times are the same. Every volume lookup probes its file, and a {@code virsh vol-clone}
 * made the driver run qemu-img a dozen times (20–100 ms each on a busy host). Only files left alone for a moment are
 * kept ({@link #settled}): the kernel stamps a write with its coarse clock (a tick is at most 10 ms), so a file written
 * within the current tick could change again under the same timestamp; once its stamp is older than a tick, any later
 * write gives it a newer one. Block devices are never kept (their timestamps say nothing of their content).
 */
final class ImageInfoCache {
    private static final int MAX = 4096;

    private record Stamp(long device, long inode, long size, long modified, long changed) {}

    private record Entry(Stamp stamp, ImageInfo info) {}

    private final long settleNanos;
    private final Map<Path, Entry> entries = new ConcurrentHashMap<>();

    /** @param settleNanos how long a file must have been left alone to be kept */
    ImageInfoCache(long settleNanos) {
        this.settleNanos = settleNanos;
    }

    ImageInfoCache() {
        this(TimeUnit.MILLISECONDS.toNanos(100)); // ten ticks at the coarsest clock (HZ=100)
    }

    /** The file's info: kept, or from {@code probe} (kept when the file has settled and did not change meanwhile). */
    ImageInfo get(Path file, Supplier<ImageInfo> probe) {
        Stamp before = stamp(file);
        if (before != null) {
            Entry e = entries.get(file);
            if (e != null && e.stamp().equals(before)) {
                return e.info();
            }
        }
        ImageInfo info = probe.get();
        if (before != null && settled(before) && before.equals(stamp(file))) {
            if (entries.size() >= MAX) {
                entries.clear();
            }
            entries.put(file, new Entry(before, info));
        }
        return info;
    }

    private boolean settled(Stamp s) {
        long now = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
        return now - Math.max(s.modified(), s.changed()) >= settleNanos;
    }

    /** A regular file's identity and times, or null (gone, a device, no unix attributes). */
    private static Stamp stamp(Path file) {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:dev,ino,size,lastModifiedTime,ctime,mode");
            if ((((Integer) a.get("mode")) & 0170000) != 0100000) {
                return null;
            }
            return new Stamp((Long) a.get("dev"), (Long) a.get("ino"), (Long) a.get("size"),
                    ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS),
                    ((FileTime) a.get("ctime")).to(TimeUnit.NANOSECONDS));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
    }
}
