package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DomainStatusXmlTest {

    @TempDir
    Path dir;

    private static final String DOMAIN = "<domain type='kvm'>\n  <name>a</name>\n</domain>";

    @Test
    void whatIsFormattedReadsBackWithItsAttributesChildrenAndDomain() throws IOException {
        String monitor = "/run/a'b&<c>.monitor";
        String text = DomainStatusXml.format("pid='42' monitor='" + DomainStatusXml.escape(monitor) + "'",
                "  <cgroup path='/sys/fs/cgroup/x'/>\n", "\n" + DOMAIN + "\n\n");
        Path file = Files.writeString(dir.resolve("a.xml"), text);

        String read = DomainStatusXml.read(file, doc -> doc.root().getAttribute("pid") + " "
                + doc.root().getAttribute("monitor") + " "
                + doc.root().getElementsByTagName("cgroup").getLength() + " " + doc.domainXml());

        assertThat(text).startsWith("<domstatus pid='42' ").endsWith("</domain>\n</domstatus>\n");
        assertThat(read).isEqualTo("42 " + monitor + " 1 " + DOMAIN);
    }

    @Test
    void everyBadFileIsAnIoExceptionNamingIt() throws IOException {
        Path notXml = Files.writeString(dir.resolve("garbage.xml"), "not <xml");
        Path otherRoot = Files.writeString(dir.resolve("other.xml"), "<domain type='kvm'/>");
        Path noDomain = Files.writeString(dir.resolve("empty.xml"), "<domstatus pid='1'/>");
        Path badFact = Files.writeString(dir.resolve("bad.xml"), DomainStatusXml.format("pid='x'", "", DOMAIN));

        assertThatThrownBy(() -> DomainStatusXml.read(notXml, doc -> doc))
                .isInstanceOf(IOException.class).hasMessageStartingWith("unreadable status file " + notXml);
        assertThatThrownBy(() -> DomainStatusXml.read(otherRoot, doc -> doc))
                .isInstanceOf(IOException.class).hasMessage("not a status file: " + otherRoot);
        assertThatThrownBy(() -> DomainStatusXml.read(noDomain, doc -> doc))
                .isInstanceOf(IOException.class).hasMessage("no domain in status file " + noDomain);
        assertThatThrownBy(() -> DomainStatusXml.read(badFact, doc -> Long.parseLong(doc.root().getAttribute("pid"))))
                .isInstanceOf(IOException.class).hasMessageStartingWith("unreadable status file " + badFact)
                .hasCauseInstanceOf(NumberFormatException.class);
        assertThatThrownBy(() -> DomainStatusXml.read(dir.resolve("missing.xml"), doc -> doc))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }

    @Test
    void everyStateAndReasonIsWrittenAsLibvirtNumbersItAndReadBack() throws IOException {
        for (io.virtkit.api.DomainStateReason reason : io.virtkit.api.DomainStateReason.values()) {
            Path file = dir.resolve(reason.name() + ".xml");
            Files.writeString(file, DomainStatusXml.format(DomainStatusXml.stateAttributes(reason) + " pid='1'", "",
                    "<domain type='kvm'><name>a</name></domain>"));
            io.virtkit.api.DomainStateReason read = DomainStatusXml.read(file, doc -> DomainStatusXml.reason(doc.root()));
            assertThat(read).isEqualTo(reason);
            assertThat(Files.readString(file)).doesNotContain(reason.name()).contains("format='1'")
                    .contains("reason='" + reason.number() + "'");
        }
        assertThat(DomainStatusXml.stateAttributes(io.virtkit.api.DomainStateReason.PAUSED_STARTING_UP))
                .isEqualTo("format='1' state='paused' reason='11'");
    }

    @Test
    void aStatusFileOfVirtkit01WithJavaNamesIsStillRead() throws IOException {
        Path file = dir.resolve("old.xml");
        Files.writeString(file, "<domstatus state='RUNNING_UNPAUSED' pid='7'>\n<domain type='kvm'><name>a</name></domain>\n"
                + "</domstatus>\n");

        io.virtkit.api.DomainStateReason read = DomainStatusXml.read(file, doc -> DomainStatusXml.reason(doc.root()));
        assertThat(read).isEqualTo(io.virtkit.api.DomainStateReason.RUNNING_UNPAUSED);
    }

    @Test
    void aFormatFromANewerVirtkitIsRefusedNotGuessed() throws IOException {
        Path file = dir.resolve("new.xml");
        Files.writeString(file, "<domstatus format='2' state='running' reason='1' pid='7'>\n"
                + "<domain type='kvm'><name>a</name></domain>\n</domstatus>\n");

        assertThatThrownBy(() -> DomainStatusXml.read(file, doc -> DomainStatusXml.reason(doc.root())))
                .isInstanceOf(IOException.class).hasMessageContaining("status format 2 is newer");
    }
}
