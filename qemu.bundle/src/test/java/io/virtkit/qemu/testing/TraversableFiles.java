package io.virtkit.qemu.testing;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where test guests' files go so that QEMU, running as its unprivileged user on qemu:///system, can reach them:
 * the caches and temporary directories tests use sit under 0700 directories (root's home, JUnit's
 * {@code @TempDir}), which that user may not traverse. {@link #dir()} is world-traversable ({@code 0711}); a file is
 * {@link #publish published} there under a name that says what it is (concurrent JVMs agree on it).
 */
public final class TraversableFiles {

    private TraversableFiles() {
    }

    /**
     * {@code $VIRTKIT_GUEST_FILES}, else {@code /var/tmp/virtkit-guest-files} (made 0711; /var/tmp is on disk and
     * world-traversable, unlike a CI clone's parents).
     */
    public static Path dir() throws IOException {
        String env = System.getenv("VIRTKIT_GUEST_FILES");
        Path dir = Path.of(env != null && !env.isBlank() ? env : "/var/tmp/virtkit-guest-files");
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return dir;
    }

    /**
     * A directory of its own (0711) in {@link #dir()}, for a test's disks and logs; the caller deletes it.
     */
    public static Path newDirectory(String prefix) throws IOException {
        Path d = Files.createTempDirectory(dir(), prefix);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx--x--x"));
        return d;
    }

    /** {@code file} as {@code name} in {@link #dir()} (a hard link, else a copy), readable by all. */
    public static Path publish(Path file, String name) throws IOException {
        Path target = dir().resolve(name);
        if (Files.isRegularFile(target) && Files.size(target) == Files.size(file)) {
            return target;
        }
        Path tmp = dir().resolve("." + name + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createLink(tmp, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
