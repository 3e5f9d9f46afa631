package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a third-party WS-Man client (wsl, python3-winrm) as a child process with its home and working directory in a
 * test directory, so nothing of the user's setup leaks in and every file it writes stays there.
 */
final class ThirdPartyClient {

    record Result(int exit, String out, String err) {
    }

    private final Path dir;
    private int runs;

    ThirdPartyClient(Path dir) {
        this.dir = dir;
    }

    /** Skips the test when a program is absent, except on CI where every third-party client must be there. */
    static void requireInstalled(Path program) {
        boolean present = Files.isExecutable(program);
        if ("true".equals(System.getenv("CI"))) {
            assertThat(present).as("%s must be installed on CI", program).isTrue();
        }
        assumeTrue(present, program + " not installed");
    }

    Path dir() {
        return dir;
    }

    Result run(List<String> command, Map<String, String> environment) throws IOException, InterruptedException {
        int n = ++runs;
        Path home = Files.createDirectories(dir.resolve("home"));
        Path out = dir.resolve("out-" + n + ".txt");
        Path err = dir.resolve("err-" + n + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("HOME", home.toString());
        builder.environment().put("LC_ALL", "C");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("timed out: " + command + "\nstdout: " + Files.readString(out)
                    + "\nstderr: " + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
