package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Domain;

/** Bad FILE arguments for define and create: one clear line, and nothing defined or started. */
class FileArgumentsTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @AfterEach
    void tearDown() {
        assertThat(shell.api().listAllDomains()).extracting(Domain::name).containsExactly("test");
    }

    @Test
    void missingFileIsVirshsOpenError() {
        String missing = dir.resolve("missing.xml").toString();
        assertThat(shell.fail(define(missing)))
                .isEqualTo("error: Failed to open file '" + missing + "': No such file or directory");
        assertThat(shell.fail(create(missing)))
                .isEqualTo("error: Failed to open file '" + missing + "': No such file or directory");
    }

    @Test
    void directoryIsRefused() {
        assertThat(shell.fail(define(dir.toString())))
                .isEqualTo("error: Failed to open file '" + dir + "': Is a directory");
    }

    @Test
    void badXmlIsTheParsersErrorAsLibvirtWordsIt() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.xml"), "<domain type='test'><name>half");
        // virsh's two lines: the verb's own, then the parser's error (its lines joined into one)
        assertThat(shell.fail(define(bad.toString())).lines()).hasSize(2).satisfiesExactly(
                first -> assertThat(first).isEqualTo("error: Failed to define domain from " + bad),
                second -> assertThat(second).startsWith("error: (domain_definition):1: "));
        assertThat(shell.fail(create(bad.toString())).lines()).hasSize(2).satisfiesExactly(
                first -> assertThat(first).isEqualTo("error: Failed to create domain from " + bad),
                second -> assertThat(second).startsWith("error: (domain_definition):1: "));
    }

    @Test
    void emptyFileIsRefused() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.xml"), "");
        // libvirt says "(domain_definition):1: Document is empty"; the wording is the driver's to choose.
        assertThat(shell.fail(define(empty.toString()))).startsWith("error: ").containsIgnoringCase("empty");
    }

    private DefineCommand define(String file) {
        DefineCommand define = shell.wire(new DefineCommand());
        define.file = file;
        return define;
    }

    private CreateCommand create(String file) {
        CreateCommand create = shell.wire(new CreateCommand());
        create.file = file;
        return create;
    }
}
