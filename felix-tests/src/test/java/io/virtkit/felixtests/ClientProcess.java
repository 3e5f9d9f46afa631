package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One of libvirt's real clients (virsh, python3 with libvirt) run by a test: nothing of the caller's libvirt
 * configuration (HOME and the XDG directories in the test's directory, no LIBVIRT_DEFAULT_URI), the test's own
 * environment on top; it must succeed.
 */
final class ClientProcess {
    private static final long TIMEOUT_SECONDS = 120;

    private ClientProcess() {
    }

    /** Runs {@code command} with its home in {@code dir} and {@code env} added; its standard output. */
    static String run(Path dir, Map<String, String> env, List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "client", ".out");
        Path err = Files.createTempFile(dir, "client", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = pb.environment();
        environment.remove("LIBVIRT_DEFAULT_URI");
        environment.put("HOME", dir.toString());
        environment.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        environment.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        environment.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(command + " did not finish in " + TIMEOUT_SECONDS + " s");
        }
        String text = Files.readString(out);
        assertThat(p.exitValue()).as("%s: %s%s", command, text, Files.readString(err)).isZero();
        return text;
    }
}
