package io.virtkit.model.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * libvirt's own judge of the XML the codecs write: {@code virt-xml-validate FILE storagepool|storagevol}
 * (libvirt-clients + xmllint). Missing, it fails the tests when {@code CI=true} and skips them elsewhere.
 */
final class StorageXmlValidator {
    private static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");

    private StorageXmlValidator() {
    }

    static void requireValidator() {
        requireHostTool(VALIDATOR);
    }

    /** A libvirt-clients program the tests need: missing, the tests fail when {@code CI=true}, else skip. */
    static void requireHostTool(Path tool) {
        if (!Files.isExecutable(tool)) {
            String problem = tool + " is not installed (Debian package libvirt-clients)";
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("CI=true and " + problem);
            }
            Assumptions.abort(problem);
        }
    }

    /** The validator's exit code and output for {@code xml} as a document of {@code kind}. */
    static String validate(Path dir, String name, String xml, String kind) throws Exception {
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), kind).redirectErrorStream(true)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virt-xml-validate did not finish for " + file);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("virt-xml-validate failed to run: %s", out).isNotEqualTo(127);
        return p.exitValue() + ":" + out;
    }

    static void assertValid(Path dir, String name, String xml, String kind) throws Exception {
        String result = validate(dir, name, xml, kind);
        assertThat(result).as("virt-xml-validate %s of%n%s", kind, xml).startsWith("0:");
    }
}
