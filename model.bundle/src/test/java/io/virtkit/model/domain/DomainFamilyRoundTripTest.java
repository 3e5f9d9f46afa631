package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.XmlFlag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One sample per element family, each with every part its codec models: parsed, written, parsed again to the
 * same definition (persistent and live forms), and what is written is valid against libvirt's schema
 * ({@code virt-xml-validate}, as {@link DomainXmlSchemaTest}).
 */
class DomainFamilyRoundTripTest {

    @TempDir
    Path dir;

    @BeforeAll
    static void requireValidator() throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/virt-xml-validate"))) {
            DomainXmlSchemaTest.validatorUnavailable("virt-xml-validate is not installed (libvirt-clients)",
                    System.getenv("CI"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"family-os-kernel.xml", "family-os-container.xml", "family-features-cpu-clock.xml",
        "family-cputune-idmap.xml", "family-disk.xml", "family-filesystem.xml", "family-filesystem-vm.xml",
        "family-filesystem-lxc.xml", "family-interface.xml", "family-chardev.xml", "family-auxiliary.xml",
        "family-graphics.xml", "family-device-info.xml", "family-top-level.xml", "family-disk-sources.xml",
        "family-controller.xml", "family-usb-lease.xml", "family-hostdev.xml", "family-display.xml",
        "family-interface-settings.xml",
        "family-os-sysinfo.xml", "family-tuning-security.xml", "family-os-init-lxc.xml",
        "family-interface-extras.xml", "family-chardev-extras.xml", "family-redirdev-extras.xml",
        "family-interface-settings.xml", "family-device-addresses.xml",
        "family-interface-settings.xml", "family-disk-extras.xml", "family-smartcard.xml", "family-hostdev-extras.xml", "family-hostdev-caps-net.xml",
        "family-interface-settings.xml", "family-cpu-features.xml",
        "family-clock-absolute.xml"})
    void aFamilyRoundTripsAndValidates(String sample) throws Exception {
        String xml = DomainXmlCodecTest.resource(sample);

        DomainDefinition def = DomainXmlCodec.parse(xml);
        String persistent = DomainXmlCodec.format(def, XmlFlag.SECURE);
        assertThat(DomainXmlCodec.parse(persistent)).as(persistent).isEqualTo(def);
        assertThat(DomainXmlCodec.format(DomainXmlCodec.parse(persistent), XmlFlag.SECURE)).isEqualTo(persistent);

        DomainDefinition running = DomainXmlCodec.parseLive(xml);
        String live = DomainXmlCodec.formatLive(running, 3, XmlFlag.SECURE);
        assertThat(DomainXmlCodec.parseLive(live)).as(live).isEqualTo(running);

        assertValid(sample + "-persistent", persistent);
        assertValid(sample + "-live", live);
    }

    private void assertValid(String name, String xml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, xml);
        Process p = new ProcessBuilder("/usr/bin/virt-xml-validate", file.toString(), "domain")
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as("virt-xml-validate of %s:%n%s%n%s", name, xml, out).isZero();
    }
}
