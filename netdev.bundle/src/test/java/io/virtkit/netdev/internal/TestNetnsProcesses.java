package io.virtkit.netdev.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a test's helper command with a bounded wait; output through a file so a lingering child cannot block. */
final class TestNetnsProcesses {
    private TestNetnsProcesses() {
    }

    static String run(List<String> cmd) {
        Result r = tryRun(cmd, 30);
        if (r.exit() != 0) {
            throw new IllegalStateException(cmd + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    record Result(int exit, String output) {
    }

    static Result tryRun(List<String> cmd, int timeoutSeconds) {
        File out = null;
        try {
            out = File.createTempFile("vktest", ".out");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(-1, "timed out: " + Files.readString(out.toPath(), StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(cmd + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(cmd + " interrupted", e);
        } finally {
            if (out != null) {
                out.delete();
            }
        }
    }
}
