package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's {@code <cputune>} shares, period and quota through the domain codec; the accepted ranges,
 * messages and the 0-is-unset rule are libvirt 9.0's (checked against {@code virsh -c test:///default define}).
 */
class CpuTuneXmlTest {

    private static String container(String cputune) {
        return "<domain type='lxc'><name>ct</name><memory unit='MiB'>64</memory><vcpu>2</vcpu>" + cputune
                + "<os><type>exe</type><init>/sbin/init</init></os>"
                + "<devices><filesystem type='mount'><source dir='/srv/ct'/><target dir='/'/></filesystem></devices>"
                + "</domain>";
    }

    @Test
    void parsesFormatsAndReparsesSharesPeriodAndQuota() {
        DomainDefinition def = DomainXmlCodec.parse(container(
                "<cputune><quota>50000</quota><shares>2048</shares><period>100000</period>"
                        + "<vcpupin vcpu='0' cpuset='1'/></cputune>"));

        assertThat(def.cputune()).isEqualTo(new CpuTune(2048L, 100_000L, 50_000L).toBuilder()
                .vcpupins(List.of(new CpuTune.Pin(0, "1"))).build());
        assertThat(def.cputune().hasMoreThanBandwidth()).isTrue();
        String xml = DomainXmlCodec.format(def);
        // libvirt's order, right after <vcpu>
        assertThat(xml).contains("<vcpu placement='static'>2</vcpu>\n  <cputune>\n    <shares>2048</shares>\n"
                + "    <period>100000</period>\n    <quota>50000</quota>\n    <vcpupin vcpu='0' cpuset='1'/>\n"
                + "  </cputune>\n  <os>");
        assertThat(DomainXmlCodec.parse(xml)).isEqualTo(def);
    }

    @Test
    void eachPartIsOptionalAndAnEmptyCputuneIsNone() {
        assertThat(DomainXmlCodec.parse(container("<cputune><shares>512</shares></cputune>")).cputune())
                .isEqualTo(CpuTune.ofShares(512));
        assertThat(DomainXmlCodec.parse(container("<cputune><quota>-1</quota></cputune>")).cputune())
                .isEqualTo(new CpuTune(null, null, -1L));
        DomainDefinition none = DomainXmlCodec.parse(container("<cputune/>"));
        assertThat(none.cputune()).isNull();
        assertThat(DomainXmlCodec.format(none)).doesNotContain("cputune");
        // libvirt reads a period or quota of 0 as not given, and keeps a shares of 0
        assertThat(DomainXmlCodec.parse(container("<cputune><period>0</period><quota>0</quota></cputune>")).cputune())
                .isNull();
        assertThat(DomainXmlCodec.parse(container("<cputune><shares>0</shares></cputune>")).cputune())
                .isEqualTo(CpuTune.ofShares(0));
        assertThat(DomainXmlCodec.parse(container("")).withCputune(CpuTune.ofBandwidth(20_000, 10_000))
                .withName("other").cputune()).as("kept by the other copies")
                .isEqualTo(new CpuTune(null, 10_000L, 20_000L));
        assertThat(DomainXmlCodec.parse(container("")).withCputune(new CpuTune(null, null, null)).cputune())
                .isNull();
    }

    @Test
    void theRangesAreLibvirts() {
        // the bounds themselves are fine
        for (String ok : new String[] {"<shares>2</shares>", "<shares>262144</shares>", "<period>1000</period>",
                "<period>1000000</period>", "<quota>1000</quota>", "<quota>17592186044415</quota>",
                "<quota>-2</quota>"}) {
            assertThat(DomainXmlCodec.parse(container("<cputune>" + ok + "</cputune>")).cputune()).as(ok).isNotNull();
        }
        Map<String, String> bad = Map.of(
                "<shares>1</shares>", "Value of cputune 'shares' must be in range [2, 262144]",
                "<shares>262145</shares>", "Value of cputune 'shares' must be in range [2, 262144]",
                "<period>999</period>", "Value of cputune 'period' must be in range [1000, 1000000]",
                "<period>1000001</period>", "Value of cputune 'period' must be in range [1000, 1000000]",
                "<quota>999</quota>", "Value of cputune 'quota' must be in range [1000, 17592186044415]",
                "<quota>17592186044416</quota>", "Value of cputune 'quota' must be in range [1000, 17592186044415]");
        bad.forEach((element, message) -> assertThatThrownBy(
                () -> DomainXmlCodec.parse(container("<cputune>" + element + "</cputune>")))
                .as(element).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
                    assertThat(e.getMessage()).isEqualTo("unsupported configuration: " + message);
                }));
    }

    @Test
    void unreadableValuesAreXmlErrorsAsInLibvirt() {
        Map<String, String> bad = Map.of(
                "<shares>abc</shares>", "can't parse cputune shares value",
                "<shares>-5</shares>", "can't parse cputune shares value",
                "<shares> 300 </shares>", "can't parse cputune shares value",
                "<period>-5</period>", "can't parse cputune period value",
                "<quota>abc</quota>", "can't parse cputune quota value",
                "<quota>-18446744073709551616</quota>", "can't parse cputune quota value");
        bad.forEach((element, message) -> assertThatThrownBy(
                () -> DomainXmlCodec.parse(container("<cputune>" + element + "</cputune>")))
                .as(element).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
                    assertThat(e.getMessage()).isEqualTo("XML error: " + message);
                }));
    }

    @Test
    void theFormattedCputuneIsValidForLibvirtsSchema(@TempDir Path dir) throws Exception {
        for (CpuTune tune : new CpuTune[] {new CpuTune(2048L, 100_000L, 50_000L), CpuTune.ofShares(0),
                new CpuTune(null, null, -1L)}) {
            Path file = dir.resolve("ct.xml");
            Files.writeString(file, DomainXmlCodec.format(DomainXmlCodec.parse(container(""))
                    .withCputune(tune).withIdmap(IdMap.shifted(100000, 65536))));
            DomainXmlSchemaTest.Result r = DomainXmlSchemaTest.validate(file);
            assertThat(r.exitCode()).as("virt-xml-validate of %s: %s", tune, r.output()).isZero();
        }
    }
}
