package io.virtkit.api.spi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
     */
    public static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
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
