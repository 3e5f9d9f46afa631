package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of libvirt's real clients (virsh, python3) as a child process with its home, config and
 * cache inside a test directory, so nothing of the user's libvirt setup leaks in or is written to.
 */
final class ExternalClient {
    record Result(int exit, String out, String err) {}

    private final Path dir;
    private int runs;

    ExternalClient(Path dir) {
        this.dir = dir;
    }

    /** Skips the test when {@code binary} is absent, except on CI where every real client must be there. */
    static void requireInstalled(Path binary) {
        boolean present = Files.isExecutable(binary);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("%s must be installed on CI", binary).isTrue();
        }
        assumeTrue(present, binary + " not installed");
    }

    /** {@code command} with this client's environment, for a client the test runs alongside (e.g. virsh event). */
    ProcessBuilder builder(List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        pb.environment().put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        pb.environment().put("XDG_RUNTIME_DIR", dir.resolve("runtime").toString());
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().remove("VIRSH_DEFAULT_CONNECT_URI");
        return pb;
    }

    Result run(List<String> command) throws IOException, InterruptedException {
        int n = ++runs;
        ProcessBuilder pb = builder(command);
        Path out = dir.resolve("out-" + n + ".txt");
        Path err = dir.resolve("err-" + n + ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("timed out: " + command + "\nstdout: " + Files.readString(out)
                    + "\nstderr: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }
}
