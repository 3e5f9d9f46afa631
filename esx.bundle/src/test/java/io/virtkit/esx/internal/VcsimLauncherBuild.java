package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The vcsim launcher's binary (src/test/go/vcsim-launcher, govmomi's simulator from Debian's
 * golang-github-vmware-govmomi-dev), built with Debian's Go in GOPATH mode into target/vcsim. The build (about
 * 30 s cold on two cores) runs only when the sources changed: a stamp file holds the SHA-256 of the sources the
 * binary was built from, and Go's own cache lies beside it in target/vcsim/gocache.
 */
final class VcsimLauncherBuild {
    static final Path SOURCES = Path.of("src/test/go/vcsim-launcher");
    static final Path GOVMOMI = Path.of("/usr/share/gocode/src/github.com/vmware/govmomi/simulator");
    private static final Path OUT = Path.of("target/vcsim");
    private static final Path BINARY = OUT.resolve("vcsim-launcher");
    private static final Path STAMP = OUT.resolve("vcsim-launcher.sha256");

    private VcsimLauncherBuild() {
    }

    /** The launcher binary, built now when missing or stale; skips (fails on CI) without Go or govmomi. */
    static synchronized Path binary() throws IOException, InterruptedException {
        requireToolchain();
        String digest = sourceDigest();
        if (Files.isExecutable(BINARY) && Files.isRegularFile(STAMP) && Files.readString(STAMP).equals(digest)) {
            return BINARY.toAbsolutePath();
        }
        Files.createDirectories(OUT);
        Path partial = OUT.resolve("vcsim-launcher.partial");
        ProcessBuilder pb = new ProcessBuilder("go", "build", "-buildvcs=false", "-o", partial.toAbsolutePath().toString(),
                "./" + SOURCES).redirectErrorStream(true).redirectOutput(OUT.resolve("build.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("GO111MODULE", "off"); // Debian's packaged sources, no module download
        env.put("GOPATH", "/usr/share/gocode");
        env.put("GOFLAGS", "-mod=mod");
        env.put("GOCACHE", OUT.resolve("gocache").toAbsolutePath().toString());
        env.put("HOME", OUT.toAbsolutePath().toString());
        env.put("CGO_ENABLED", "0"); // pure Go: no C compiler needed
        long start = System.nanoTime();
        Process build = pb.start();
        if (!build.waitFor(10, TimeUnit.MINUTES)) {
            build.destroyForcibly();
            throw new IOException("go build of the vcsim launcher timed out");
        }
        if (build.exitValue() != 0) {
            throw new IOException("go build of the vcsim launcher failed: " + Files.readString(OUT.resolve("build.log")));
        }
        Files.move(partial, BINARY, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(STAMP, digest);
        System.err.printf("vcsim launcher built in %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        return BINARY.toAbsolutePath();
    }

    private static void requireToolchain() {
        boolean present = Files.isDirectory(GOVMOMI) && Stream.of(System.getenv("PATH").split(":"))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "go")));
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("go (golang-go) and govmomi (golang-github-vmware-govmomi-dev) must be installed on CI")
                    .isTrue();
        }
        assumeTrue(present, "go or govmomi not installed");
    }

    private static String sourceDigest() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files.filter(f -> f.toString().endsWith(".go")).sorted().toList()) {
                sha.update(file.getFileName().toString().getBytes());
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
