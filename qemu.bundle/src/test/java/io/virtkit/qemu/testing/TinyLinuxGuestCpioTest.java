package io.virtkit.qemu.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java newc writer, checked against GNU cpio as an independent reader. */
class TinyLinuxGuestCpioTest {

    @TempDir
    Path dir;

    @Test
    void gnuCpioReadsBackFilesLinksDirectoriesAndDeviceNodes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (NewcCpioWriter cpio = new NewcCpioWriter(bytes)) {
            cpio.file("bin/tool", 0755, "#!/bin/sh\necho hi\n".getBytes(StandardCharsets.UTF_8));
            cpio.symlink("/usr/sbin/alias", "/bin/tool");
            cpio.directory("proc", 0555);
            cpio.charDevice("dev/console", 0600, 5, 1);
            cpio.file("odd-sizes/a", 0644, new byte[] {1});
            cpio.file("odd-sizes/bc", 0644, new byte[] {2, 3, 4});
        }
        Path archive = dir.resolve("a.cpio");
        Files.write(archive, bytes.toByteArray());
        assertThat(bytes.size() % 4).as("newc keeps 4-byte alignment").isZero();

        String listing = cpio(dir, "-itv", "--quiet", "-F", archive.toString());
        assertThat(listing.lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList())
                .containsExactly("bin", "bin/tool", "usr", "usr/sbin", "/bin/tool", "proc", "dev", "dev/console",
                        "odd-sizes", "odd-sizes/a", "odd-sizes/bc");
        assertThat(listing).containsPattern("(?m)^crw------- .* 5,\\s+1 .*dev/console$")
                .containsPattern("(?m)^lrwxrwxrwx .*usr/sbin/alias -> /bin/tool$")
                .containsPattern("(?m)^dr-xr-xr-x .*proc$")
                .containsPattern("(?m)^-rwxr-xr-x .*bin/tool$");

        Path out = Files.createDirectories(dir.resolve("out"));
        cpio(out, "-id", "--quiet", "--no-absolute-filenames", "-F", archive.toString(), "bin/*", "usr/*", "odd-sizes/*");
        assertThat(out.resolve("bin/tool")).hasContent("#!/bin/sh\necho hi");
        assertThat(Files.readSymbolicLink(out.resolve("usr/sbin/alias"))).isEqualTo(Path.of("/bin/tool"));
        assertThat(Files.readAllBytes(out.resolve("odd-sizes/bc"))).containsExactly(2, 3, 4);
    }

    @Test
    void rejectsNamesThatEscapeOrCollideAndWritesNothingForThem() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        NewcCpioWriter cpio = new NewcCpioWriter(bytes);
        cpio.file("init", 0755, new byte[0]);
        int size = bytes.size();

        for (String bad : List.of("../etc/passwd", "a/../../b", "", "/", "a//b", "./x", "TRAILER!!!")) {
            assertThatThrownBy(() -> cpio.file(bad, 0644, new byte[0])).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid cpio entry name");
        }
        assertThatThrownBy(() -> cpio.symlink("/init", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("duplicate cpio entry: init");
        assertThat(bytes.size()).isEqualTo(size);

        cpio.finish();
        assertThatThrownBy(() -> cpio.file("late", 0644, new byte[0])).isInstanceOf(IllegalStateException.class);
    }

    private static String cpio(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("cpio"));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            if (TinyLinuxGuest.required()) {
                throw new AssertionError("cpio is not on PATH (apt package cpio; ./virtkit test installs it and puts "
                        + "it on PATH only as listed in host-programs.tsv); CI=true forbids skipping", e);
            }
            Assumptions.abort("cpio is not on PATH (apt package cpio)");
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("cpio %s: %s", command, output).isZero();
        return output;
    }
}
