package io.virtkit.model.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libvirt itself as the reference: {@code virsh -c test:///default}, whose test driver parses and writes pool
 * and volume XML with libvirt's own code, in-process, touching nothing on the host. Missing, it fails the tests
 * when {@code CI=true} and skips them elsewhere.
 */
final class TestDriverVirsh {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    private TestDriverVirsh() {
    }

    static void require() {
        if (!Files.isExecutable(VIRSH)) {
            String problem = VIRSH + " is not installed (Debian package libvirt-clients)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + problem);
            }
            Assumptions.abort(problem);
        }
    }

    /** Runs {@code commands} (virsh's {@code ;}-separated list) in one virsh; its whole output. */
    static String run(String commands) throws Exception {
        Process p = new ProcessBuilder(VIRSH.toString(), "-q", "-c", "test:///default", commands)
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virsh did not finish: " + commands);
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** The first document with root {@code root} in virsh's output. */
    static String document(String output, String root) {
        int start = output.indexOf("<" + root + " ");
        String end = "</" + root + ">\n";
        int stop = output.indexOf(end, start);
        if (start < 0 || stop < 0) {
            throw new AssertionError("no <" + root + "> in virsh's output:\n" + output);
        }
        return output.substring(start, stop + end.length());
    }
}
