package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;

/** The driver over SSH against the real Xen nested under QEMU: define, start, pause, destroy, undefine a PV guest. */
class XenDomainLifecycleTest extends NestedXenDriverTest {


    @AfterEach
    void cleanUp() throws IOException {
        xen.run("xl destroy vk-life 2>/dev/null; rm -f /etc/virtkit/xen/vk-life.xml /run/virtkit/xen/vk-life.xml",
                Duration.ofSeconds(60));
    }

    @Test
    void hostFactsComeFromXlInfo() {
        assertThat(conn.type()).isEqualTo("Xen");
        assertThat(conn.hypervisorVersion()).isBetween(4_017_000L, 4_017_999L);
        assertThat(conn.nodeInfo().memoryKiB()).isEqualTo(1023 * 1024L);
        assertThat(conn.capabilities()).contains("<os_type>xen</os_type>", "<os_type>hvm</os_type>");
        assertThat(conn.listAllDomains(0)).extracting(DomainRef::name).contains("Domain-0");
        assertThat(conn.lookupDomainById(0).name()).isEqualTo("Domain-0");
    }

    @Test
    void aDefinedPvGuestStartsPausesAndIsDestroyed() throws IOException {
        DomainRef defined = conn.defineDomain(XenGuests.pv("vk-life", 128), 0);
        assertThat(defined.id()).isEqualTo(-1);
        assertThat(xen.runChecked("cat /etc/virtkit/xen/vk-life.xml")).contains("<name>vk-life</name>");
        assertThat(conn.domainState(defined, 0).state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(conn.domainInfo(defined).maxMemoryKiB()).isEqualTo(128 * 1024L);

        conn.startDomain(defined, 0);
        DomainRef running = conn.lookupDomainByName("vk-life");
        assertThat(running.id()).isPositive();
        assertThat(xen.runChecked("xl list -v")).contains("vk-life", defined.uuid().toString());
        assertThat(conn.domainState(running, 0).state()).isEqualTo(DomainState.RUNNING);
        assertThat(conn.domainXml(running, 0)).contains("id='" + running.id() + "'", "<kernel>");
        assertThat(conn.domainInfo(running).maxMemoryKiB()).isEqualTo(128 * 1024L);

        conn.suspendDomain(running);
        assertThat(conn.domainState(running, 0).state()).isEqualTo(DomainState.PAUSED);
        conn.resumeDomain(running);
        assertThat(conn.domainState(running, 0).state()).isEqualTo(DomainState.RUNNING);

        conn.destroyDomain(running, 0);
        assertThat(conn.domainIsActive(running)).isFalse();
        assertThat(xen.runChecked("xl list")).doesNotContain("vk-life");
        assertThat(xen.run("ls /run/virtkit/xen/vk-life.xml", Duration.ofSeconds(10)).exitCode()).isNotZero();

        conn.undefineDomain(defined, 0);
        assertThatThrownBy(() -> conn.lookupDomainByName("vk-life")).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.NO_DOMAIN);
    }

    @Test
    void aGuestXlCannotBuildLeavesNoDomainAndNoFiles() throws IOException {
        // 16 MiB cannot hold the kernel: xl fails while it builds the domain
        DomainRef defined = conn.defineDomain(XenGuests.pv("vk-life", 16), 0);
        assertThatThrownBy(() -> conn.startDomain(defined, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("xl create failed").hasMessageContaining("libxl");
        assertThat(xen.runChecked("xl list")).doesNotContain("vk-life").doesNotContain("(null)");
        assertThat(xen.run("ls /run/virtkit/xen/vk-life.xml", Duration.ofSeconds(10)).exitCode()).isNotZero();
        assertThat(conn.domainState(defined, 0).state()).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void aDefinitionTheDriverCannotRunIsRefusedBeforeAnythingIsWritten() throws IOException {
        assertThatThrownBy(() -> conn.defineDomain(XenGuests.pv("vk-life", 128).replace("type='xen'", "type='kvm'"), 0))
                .isInstanceOf(VirtException.class).extracting(e -> ((VirtException) e).code())
                .isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
        assertThat(xen.run("ls /etc/virtkit/xen/vk-life.xml", Duration.ofSeconds(10)).exitCode()).isNotZero();
    }
}
