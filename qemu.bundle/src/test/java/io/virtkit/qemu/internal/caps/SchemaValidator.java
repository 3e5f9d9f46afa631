package io.virtkit.qemu.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * libvirt's own check of an XML document: {@code virt-xml-validate FILE TYPE} (libvirt-clients, running
 * xmllint) against the schemas in /usr/share/libvirt/schemas. Missing tools skip a developer's run and fail
 * under CI=true, as the model's schema tests do.
 */
final class SchemaValidator {
    static final Path VALIDATOR = Path.of("/usr/bin/virt-xml-validate");
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    private SchemaValidator() {
    }

    /** Skips (or fails under CI=true) when {@code program} is not installed. */
    static void require(Path program, String pkg) {
        if (!Files.isExecutable(program)) {
            missing(program, pkg);
        }
    }

    /** Skips (or fails under CI=true) when the data file {@code file} of {@code pkg} is not installed. */
    static void requireFile(Path file, String pkg) {
        if (!Files.isRegularFile(file)) {
            missing(file, pkg);
        }
    }

    private static void missing(Path path, String pkg) {
        String problem = path + " is not installed (Debian package " + pkg + ")";
        if ("true".equals(System.getenv("CI"))) {
            throw new AssertionError("CI=true and " + problem);
        }
        Assumptions.abort(problem);
    }

    static void assertValid(Path dir, String type, String xml) throws Exception {
        require(VALIDATOR, "libvirt-clients");
        Path file = Files.createTempFile(dir, type, ".xml");
        Files.writeString(file, xml);
        Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), type).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virt-xml-validate did not finish for " + file);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("virt-xml-validate %s:%n%s%n%s", type, xml, out).isZero();
    }
}
