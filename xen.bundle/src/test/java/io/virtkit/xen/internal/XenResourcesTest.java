package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;

/** Memory and vCPUs of a running PV guest and of its definition, proved with what xl shows in dom0. */
class XenResourcesTest extends NestedXenDriverTest {

    private static final String NAME = "vk-life2-res";
    private static final long MIB = 1024;
    private static final long LIVE = VcpuFlag.LIVE.bit();
    private static final long CONFIG = VcpuFlag.CONFIG.bit();
    private static final long MAXIMUM = VcpuFlag.MAXIMUM.bit();

    @AfterEach
    void cleanUp() throws IOException {
        removeGuests(NAME);
    }

    /**
     * A PV guest of 2 vCPUs, 160 MiB (128 MiB of it at start). The nested host has one CPU, and libvirt's libxl
     * driver allows no more vCPUs than the host has CPUs: vCPUs can only go down here.
     */
    private static String guestXml() {
        return XenGuests.pv(NAME, 160).replace("<vcpu>1</vcpu>", "<vcpu>2</vcpu>")
                .replace("</memory>", "</memory>\n  <currentMemory unit='MiB'>128</currentMemory>");
    }

    private static String definition() throws IOException {
        return xen.runChecked("cat /etc/virtkit/xen/" + NAME + ".xml");
    }

    /** xl list's column of the guest: 2 is Mem (MiB), 3 is VCPUs (online). */
    private static String xlColumn(int column) throws IOException {
        return xen.runChecked("xl list " + NAME + " | awk 'NR==2 {print $" + (column + 1) + "}'").strip();
    }

    @Test
    void vcpusAndMemoryChangeLiveAndInTheDefinition() throws IOException {
        DomainRef defined = conn.defineDomain(guestXml(), 0);
        assertThat(conn.domainVcpus(defined, 0)).isEqualTo(2);
        assertThat(conn.domainVcpus(defined, MAXIMUM)).isEqualTo(2);
        assertThatThrownBy(() -> conn.domainVcpus(defined, LIVE)).hasMessageContaining("Domain is not running");
        assertThatThrownBy(() -> conn.setDomainVcpus(defined, 2, LIVE))
                .hasMessageContaining("cannot set vcpus on an inactive domain");
        conn.startDomain(defined, 0);
        DomainRef dom = conn.lookupDomainByName(NAME);
        XenGuestConsoles.awaitUp(xen, NAME, 1);
        assertThat(xlColumn(3)).isEqualTo("2");
        assertThat(conn.domainVcpus(dom, 0)).isEqualTo(2);
        assertThat(conn.domainMaxVcpus(dom)).isEqualTo(2);
        assertThat(conn.domainVcpus(dom, CONFIG)).isEqualTo(2);

        // refusals first: nothing may change
        String before = definition();
        assertThatThrownBy(() -> conn.setDomainVcpus(dom, 1, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("invalid flag combination: (0x0)");
        assertThatThrownBy(() -> conn.setDomainVcpus(dom, 2, LIVE | MAXIMUM))
                .hasMessageContaining("invalid flag combination: (0x5)");
        assertThatThrownBy(() -> conn.setDomainVcpus(dom, 3, LIVE))
                .hasMessageContaining("requested vcpus is greater than max allowable vcpus for the domain: 3 > 1");
        assertThatThrownBy(() -> conn.setDomainVcpus(dom, 1, VcpuFlag.GUEST.bit() | LIVE))
                .hasMessageContaining("unsupported flags (0x8)");
        assertThatThrownBy(() -> conn.domainVcpus(dom, LIVE | CONFIG))
                .hasMessageContaining("invalid flag combination: (0x3)");
        assertThatThrownBy(() -> conn.setDomainMemory(dom, 200 * MIB, MemoryModFlag.LIVE.bit()))
                .hasMessageContaining("cannot set memory higher than max memory")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        long hostMax = xen.runChecked("xl info").lines().filter(l -> l.startsWith("max_cpu_id"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) + 1).findFirst().orElseThrow();
        assertThatThrownBy(() -> conn.setDomainVcpus(dom, (int) hostMax + 1, CONFIG | MAXIMUM))
                .hasMessageContaining("requested vcpus is greater than max allowable vcpus for the domain: "
                        + (hostMax + 1) + " > " + hostMax);
        assertThat(definition()).isEqualTo(before);
        assertThat(xlColumn(2)).isEqualTo("128");

        // vCPUs: live with xl vcpu-set (the guest takes one offline), then the definition
        conn.setDomainVcpus(dom, 1, LIVE);
        XenGuestConsoles.await(xen, "[ \"$(xl list " + NAME + " | awk 'NR==2 {print $4}')\" = 1 ]");
        assertThat(conn.domainVcpus(dom, LIVE)).isEqualTo(1);
        assertThat(conn.domainMaxVcpus(dom)).isEqualTo(2);
        assertThat(conn.domainXml(dom, 0)).contains("current='1'");
        assertThat(conn.domainVcpus(dom, CONFIG)).isEqualTo(2);
        conn.setDomainVcpus(dom, 1, CONFIG);
        assertThat(definition()).contains("current='1'", ">2</vcpu>");
        conn.setDomainVcpus(dom, 1, CONFIG | MAXIMUM);
        assertThat(definition()).contains(">1</vcpu>").doesNotContain("current=");
        assertThat(conn.domainVcpus(dom, CONFIG | MAXIMUM)).isEqualTo(1);

        // memory: the balloon live with xl mem-set, the maximum with xl mem-max, and the definition
        conn.setDomainMemory(dom, 96 * MIB, MemoryModFlag.LIVE.bit());
        XenGuestConsoles.await(xen, "[ \"$(xl list " + NAME + " | awk 'NR==2 {print $3}')\" = 96 ]");
        assertThat(conn.domainInfo(dom).memoryKiB()).isEqualTo(96 * MIB);
        assertThat(conn.domainXml(dom, 0)).contains("<currentMemory unit='KiB'>98304</currentMemory>");
        assertThat(definition()).contains("<currentMemory unit='KiB'>131072</currentMemory>");
        conn.setDomainMemory(dom, 144 * MIB, MemoryModFlag.CONFIG.bit());
        assertThat(definition()).contains("<currentMemory unit='KiB'>147456</currentMemory>");
        assertThat(xlColumn(2)).isEqualTo("96");
        conn.setDomainMaxMemory(dom, 150 * MIB);
        assertThat(xen.runChecked("xl list -l " + NAME)).contains("\"max_memkb\": " + 150 * MIB);
        assertThat(conn.domainInfo(dom).maxMemoryKiB()).isEqualTo(150 * MIB);
        conn.setDomainMemory(dom, 192 * MIB, MemoryModFlag.CONFIG.bit() | MemoryModFlag.MAXIMUM.bit());
        assertThat(definition()).contains("<memory unit='KiB'>196608</memory>");

        conn.destroyDomain(dom, 0);
        assertThat(conn.domainInfo(defined).maxMemoryKiB()).isEqualTo(192 * MIB);
        assertThat(conn.domainInfo(defined).memoryKiB()).isEqualTo(144 * MIB);
        assertThat(conn.domainInfo(defined).vcpus()).isEqualTo(1);
        conn.setDomainMemory(defined, 100 * MIB, 0);
        assertThat(definition()).contains("<currentMemory unit='KiB'>102400</currentMemory>");
        conn.undefineDomain(defined, 0);
    }
}
