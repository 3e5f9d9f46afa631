package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link AtomicFiles#write} is durable as libvirt's {@code virFileRewrite}: watched by strace in a child JVM,
 * the temporary file is fsync'ed before the rename and its directory after it.
 */
class AtomicFilesDurabilityTest {

    /** The child: one atomic write of its first argument. */
    public static final class Writer {
        public static void main(String[] args) throws IOException {
            AtomicFiles.write(Path.of(args[0]), "<domain/>\n");
        }
    }

    @TempDir
    Path dir;

    @Test
    void theDataIsOnDiskBeforeTheRenameAndTheRenameAfterTheDirectorySync() throws Exception {
        Path strace = Path.of("/usr/bin/strace");
        assertThat(strace).as("strace (apt package strace) is in host-programs.tsv").exists();
        Path file = dir.resolve("vm1.xml");
        Path trace = dir.resolve("trace.txt");
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new ArrayList<>(List.of(strace.toString(), "-f", "-y", "-o", trace.toString(),
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2", java, "-Xshare:off", "-cp",
                System.getProperty("java.class.path"), Writer.class.getName(), file.toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(Files.readString(file)).isEqualTo("<domain/>\n");

        // only the calls on our files: the JVM syncs and renames nothing else of the test directory
        List<String> calls = Files.readAllLines(trace).stream()
                .map(l -> l.replaceFirst("^\\d+\\s+", ""))
                .filter(l -> l.contains(dir.toString()))
                .toList();
        int dataSync = indexOf(calls, "fsync(", ".vm1.xml.");
        int rename = indexOf(calls, "rename", "vm1.xml");
        int dirSync = indexOf(calls, "fsync(", dir + ">)");
        assertThat(dataSync).as("fsync of the temporary file in %s", calls).isGreaterThanOrEqualTo(0);
        assertThat(rename).as("rename in %s", calls).isGreaterThan(dataSync);
        assertThat(dirSync).as("fsync of the directory in %s", calls).isGreaterThan(rename);
    }

    private static int indexOf(List<String> calls, String call, String path) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).startsWith(call) && calls.get(i).contains(path)) {
                return i;
            }
        }
        return -1;
    }
}
