package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's virsh ({@code -q}) run by a test: nothing of the caller's libvirt configuration (HOME and the XDG
 * directories in the test's directory, no LIBVIRT_DEFAULT_URI), the test's own environment on top; it must succeed.
 */
final class Virsh {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path dir;
    private final Map<String, String> env;

    /** virsh with its HOME in {@code dir} and {@code env} added to its environment. */
    Virsh(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = Map.copyOf(env);
    }

    /** {@code virsh -q -c uri args…}: its standard output; a failure fails the test with what virsh said. */
    String run(String uri, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-q", "-c", uri));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "virsh", ".out");
        Path err = Files.createTempFile(dir, "virsh", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> environment = pb.environment();
        environment.remove("LIBVIRT_DEFAULT_URI");
        environment.put("HOME", dir.toString());
        environment.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        environment.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        environment.putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        assertThat(p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).as("virsh %s finished", List.of(args)).isTrue();
        String text = Files.readString(out);
        assertThat(p.exitValue()).as("virsh %s %s: %s%s", uri, List.of(args), text, Files.readString(err)).isZero();
        return text;
    }
}
