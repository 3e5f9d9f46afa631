package io.virtkit.storage.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * What the storage tests make on the host — small tmpfs mounts, loop devices over sparse files, directories —
 * each undone by {@link #close()} in reverse order, also when a test fails half-way.
 */
final class HostFixtures implements AutoCloseable {
    private final Deque<Runnable> undo = new ArrayDeque<>();

    /** A fresh directory under /tmp, removed with what is left in it. */
    Path directory(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        undo.push(() -> deleteTree(dir));
        // 0711, not 0700: the guests of qemu:///system run as virtkit-qemu, which must reach the volumes in it
        Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /** A tmpfs of {@code bytes} mounted on a new directory: a file system that fills up quickly. */
    Path smallTmpfs(long bytes) throws IOException {
        Path dir = directory("vk-storage-tmpfs");
        HostCommand.check(List.of("mount", "-t", "tmpfs", "-o", "size=" + bytes, "vk-storage-test", dir.toString()));
        undo.push(() -> HostCommand.run(List.of("umount", dir.toString())));
        return dir;
    }

    /** A loop device over a new sparse file of {@code bytes}, detached at the end. */
    Path loopDevice(long bytes) throws IOException {
        Path dir = directory("vk-storage-loop");
        Path image = dir.resolve("backing.img");
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(bytes);
        }
        HostCommand.Result r = HostCommand.check(List.of("losetup", "--find", "--show", image.toString()));
        Path device = Path.of(r.stdout().strip());
        undo.push(() -> HostCommand.run(List.of("losetup", "-d", device.toString())));
        return device;
    }

    /** Runs {@code action} at close, before what was made earlier is undone. */
    void atClose(Runnable action) {
        undo.push(action);
    }

    /** Undoes everything, newest first; every step runs, the first failure is thrown with the rest attached. */
    @Override
    public void close() {
        List<RuntimeException> failures = new java.util.ArrayList<>();
        for (Runnable step; (step = undo.poll()) != null; ) {
            try {
                step.run();
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            failures.subList(1, failures.size()).forEach(failures.get(0)::addSuppressed);
            throw failures.get(0);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
