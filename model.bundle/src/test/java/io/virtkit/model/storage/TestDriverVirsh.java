package io.virtkit.model.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * libvirt itself as the reference: {@code virsh -c test:///default}, whose test driver parses and writes pool
 * and volume XML with libvirt's own code, in-process, touching nothing on the host.
 */
final class TestDriverVirsh {
    private static final Path VIRSH = Path.of("/usr/bin/virsh");

    private TestDriverVirsh() {
    }

    static void require() {
        StorageXmlValidator.requireHostTool(VIRSH);
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
