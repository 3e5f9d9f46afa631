package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostSysinfoTest {
    @TempDir
    Path dir;

    private static final String CPUINFO = """
            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 85
            model name\t: Intel(R) Xeon(R) CPU @ 2.00GHz <fast & "hot">
            stepping\t: 7
            cpu MHz\t\t: 2000.170
            physical id\t: 0

            processor\t: 1
            vendor_id\t: GenuineIntel
            model name\t: Intel(R) Xeon(R) CPU @ 2.00GHz <fast & "hot">
            physical id\t: 0

            processor\t: 2
            vendor_id\t: GenuineIntel
            model name\t: Other
            physical id\t: 1
            """;

    @Test
    void smbiosSectionsFromDmiAndOneProcessorPerSocket() throws IOException {
        Path dmi = Files.createDirectories(dir.resolve("dmi"));
        Files.writeString(dmi.resolve("bios_vendor"), "SeaBIOS\n");
        Files.writeString(dmi.resolve("bios_version"), "1.16.2-debian-1.16.2-1\n");
        Files.writeString(dmi.resolve("sys_vendor"), "QEMU\n");
        Files.writeString(dmi.resolve("product_name"), "Standard PC (i440FX + PIIX, 1996)\n");
        Files.writeString(dir.resolve("cpuinfo"), CPUINFO);

        String xml = HostSysinfo.sysinfo(dmi, dir.resolve("cpuinfo"));

        assertThat(xml).startsWith("<sysinfo type='smbios'>\n").endsWith("</sysinfo>\n")
                .contains("  <bios>\n    <entry name='vendor'>SeaBIOS</entry>\n"
                        + "    <entry name='version'>1.16.2-debian-1.16.2-1</entry>\n  </bios>\n")
                .contains("<entry name='product'>Standard PC (i440FX + PIIX, 1996)</entry>")
                .doesNotContain("<baseBoard>").doesNotContain("<chassis>") // nothing known: no empty section
                .contains("<entry name='version'>Intel(R) Xeon(R) CPU @ 2.00GHz &lt;fast &amp; &quot;hot&quot;&gt;</entry>")
                .contains("<entry name='signature'>Family 6, Model 85, Stepping 7</entry>")
                .contains("<entry name='current_speed'>2000 MHz</entry>");
        assertThat(xml.split("<processor>", -1)).hasSize(3); // sockets 0 and 1, not three logical CPUs
        assertThat(xml).contains("<entry name='socket_destination'>CPU 1</entry>");
    }

    @Test
    void aHostWithoutSmbiosStillListsItsProcessors() throws IOException {
        Files.writeString(dir.resolve("cpuinfo"), CPUINFO);
        String xml = HostSysinfo.sysinfo(dir.resolve("no-dmi"), dir.resolve("cpuinfo"));
        assertThat(xml).doesNotContain("<bios>").doesNotContain("<system>").contains("<processor>");
    }

    @Test
    void thisHostsSysinfoIsValidXmlWithItsCpuModel() throws Exception {
        String xml = HostSysinfo.sysinfo();
        javax.xml.parsers.DocumentBuilderFactory f = javax.xml.parsers.DocumentBuilderFactory.newInstance();
        var doc = f.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(xml.getBytes()));
        assertThat(doc.getDocumentElement().getAttribute("type")).isEqualTo("smbios");
        String model = Files.readString(Path.of("/proc/cpuinfo")).lines().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("");
        assertThat(xml).contains(model.replace("&", "&amp;"));
    }
}
