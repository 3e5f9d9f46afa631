package io.virtkit.itests.hosts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** What the end-to-end fixtures do with files: the distribution they unpack, their directories emptied. */
public final class FixtureFiles {

    private FixtureFiles() {
    }

    /** The distribution this build installed (the failsafe configuration names it), as users unpack it. */
    public static Path distributionTarball() {
        String property = System.getProperty("virtkit.distribution");
        if (property == null || !Files.isRegularFile(Path.of(property))) {
            throw new IllegalStateException("no distribution tarball (system property virtkit.distribution: "
                    + property + "); mvn install builds it before the itests");
        }
        return Path.of(property);
    }

    /** Deletes {@code root} and everything in it, if it is there. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new AssertionError("cannot delete " + root, e);
        }
    }
}
