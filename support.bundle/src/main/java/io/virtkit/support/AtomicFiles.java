package io.virtkit.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * How drivers keep their files (persistent definitions, status files): writes that are all or nothing,
 * deletes that do not care whether the file exists (libvirt's {@code virFileRewrite} and {@code unlink}
 * calls) and listings that find them again at start. Every driver that saves state needs the same care, so it lives here once.
 */
public final class AtomicFiles {
    private static final System.Logger LOG = System.getLogger(AtomicFiles.class.getName());

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} (UTF-8) to {@code file} through a temporary file in the same directory and an
     * atomic rename, creating the directory if needed: a crash leaves the old file or the new one, never a
     * torn one, and no temporary file is left behind (but by a process killed mid-write: its
     * {@code .NAME.*.tmp} file stays, for the driver to remove when it next loads the directory).
     * Durable as libvirt's {@code virFileRewrite}: the temporary file's data is forced to disk before the
     * rename, and the directory after it, so that a power loss after this returns cannot bring back the
     * old file or leave an empty one.
     */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    out.write(bytes);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Forces a directory's entries (a rename, a new or deleted file) to disk: fsync on the directory, which
     * Java reaches by opening it read-only as a channel (Linux allows it; a file system that refuses is
     * left as it is, since the data itself is already safe).
     */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!(e instanceof java.nio.file.FileSystemException)) {
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "cannot sync directory " + dir + ": " + e.getMessage());
        }
    }

    /**
     * Deletes {@code file} if it exists; a failure is logged, not thrown, since it comes from clean-up
     * that must go on with the next file.
     *
     * @return whether the file is gone (it was deleted or did not exist)
     */
    public static boolean deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot delete " + file + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * The regular files in {@code dir} whose names match {@code glob} ("*.xml"), sorted so that every start
     * reads them in the same order; none when {@code dir} does not exist.
     */
    public static List<Path> list(Path dir, String glob) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, glob)) {
            for (Path p : s) {
                if (Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return files;
        }
        files.sort(null);
        return files;
    }
}
