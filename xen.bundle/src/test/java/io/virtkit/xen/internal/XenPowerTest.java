package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;

/**
 * Shutdown, reboot and autostart against the nested Xen: a defined guest that honours the requests (its init powers
 * off) and a transient one that ignores them (also refused what a transient domain cannot have).
 */
class XenPowerTest extends NestedXenDriverTest {

    private static final String PV = "vk-life2-pv";
    private static final String DEAF = "vk-life2-deaf";

    @AfterEach
    void cleanUp() throws IOException {
        removeGuests(PV, DEAF);
    }

    @Test
    void aGuestRebootsShutsDownCleanlyAndAutostartsOncePerHostBoot() throws IOException {
        DomainRef defined = conn.defineDomain(XenGuests.pv(PV, 128), 0);
        conn.setDomainAutostart(defined, true);
        assertThat(conn.domainAutostart(defined)).isTrue();
        assertThat(xen.runChecked("readlink /etc/virtkit/xen/autostart/" + PV + ".xml").strip())
                .isEqualTo("/etc/virtkit/xen/" + PV + ".xml");

        conn.startDomain(defined, 0);
        DomainRef first = conn.lookupDomainByName(PV);
        XenGuestConsoles.awaitUp(xen, PV, 1);
        assertThat(conn.domainState(first, 0).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);

        conn.rebootDomain(first, 0);
        DomainRef second = conn.lookupDomainByName(PV);
        assertThat(second.uuid()).isEqualTo(defined.uuid());
        assertThat(second.id()).isPositive().isNotEqualTo(first.id());
        assertThat(xen.runChecked("xl list -v " + PV)).contains(defined.uuid().toString());
        assertThat(conn.domainXml(second, 0)).contains("id='" + second.id() + "'");
        XenGuestConsoles.awaitUp(xen, PV, 2);

        conn.shutdownDomain(second, 0);
        // gone, not shut down: no (null) left for xl to reap
        String list = xen.runChecked("xl list");
        assertThat(list).doesNotContain(PV).doesNotContain("(null)");
        assertThat(xen.run("ls /run/virtkit/xen/" + PV + ".xml", Duration.ofSeconds(10)).exitCode()).isNotZero();
        assertThat(conn.domainState(defined, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_SHUTDOWN);
        assertThat(conn.domainInfo(defined).state()).isEqualTo(DomainState.SHUTOFF);
        assertThatThrownBy(() -> conn.shutdownDomain(defined, 0)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);

        // the host "booted": the marker under /run is gone, so the next connection starts the autostart domain
        xen.runChecked("rmdir " + XenAutostart.MARKER);
        try (HypervisorConnection next = XenDrivers.open(xen)) {
            assertThat(next.domainIsActive(defined)).isTrue();
            assertThat(next.domainState(defined, 0).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
            next.destroyDomain(defined, 0);
            assertThat(next.domainState(defined, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        }
        try (HypervisorConnection again = XenDrivers.open(xen)) {
            assertThat(again.domainIsActive(defined)).as("started once per host boot").isFalse();
        }

        conn.setDomainAutostart(defined, false);
        assertThat(conn.domainAutostart(defined)).isFalse();
        assertThat(xen.run("ls /etc/virtkit/xen/autostart/" + PV + ".xml", Duration.ofSeconds(10)).exitCode())
                .isNotZero();
        conn.undefineDomain(defined, 0);
        assertThat(xen.run("ls /run/virtkit/xen/" + PV + ".stopped", Duration.ofSeconds(10)).exitCode()).isNotZero();
    }

    @Test
    void aGuestThatIgnoresTheRequestKeepsRunningWhenTheWaitTimesOut() throws IOException {
        DomainRef deaf = conn.createDomain(XenGuests.guest(DEAF, "xen", 128,
                "console=hvc0 loglevel=4 virtkit_ignore_shutdown"), 0);
        XenGuestConsoles.awaitUp(xen, DEAF, 1);

        assertThatThrownBy(() -> conn.shutdownDomain(deaf, 2 /* GUEST_AGENT */)).isInstanceOf(VirtException.class)
                .hasMessageContaining("unsupported flags (0x2)");
        assertThatThrownBy(() -> conn.shutdownDomain(deaf, XenPower.ACPI_POWER_BTN)).isInstanceOf(VirtException.class)
                .hasMessageContaining("Failed to shutdown domain '" + deaf.id() + "' with libxenlight")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR); // no button on PV
        assertThatThrownBy(() -> conn.rebootDomain(deaf, 1 /* ACPI_POWER_BTN */)).isInstanceOf(VirtException.class)
                .hasMessageContaining("unsupported flags (0x1)");
        assertThatThrownBy(() -> conn.setDomainAutostart(deaf, true)).isInstanceOf(VirtException.class)
                .hasMessageContaining("cannot set autostart for transient domain");
        assertThat(xen.run("ls /etc/virtkit/xen/autostart/" + DEAF + ".xml", Duration.ofSeconds(10)).exitCode())
                .isNotZero();
        // a transient guest has no definition to change either
        assertThatThrownBy(() -> conn.setDomainMemory(deaf, 64 * 1024, MemoryModFlag.CONFIG.bit()))
                .hasMessageContaining("transient domains do not have any persistent config");
        assertThatThrownBy(() -> conn.setDomainVcpus(deaf, 1, VcpuFlag.CONFIG.bit()))
                .hasMessageContaining("cannot change persistent config of a transient domain");
        assertThatThrownBy(() -> conn.domainVcpus(deaf, VcpuFlag.CONFIG.bit())).hasMessageContaining("domain is transient");
        assertThat(xen.run("ls /etc/virtkit/xen/" + DEAF + ".xml", Duration.ofSeconds(10)).exitCode()).isNotZero();

        try (XenContext context = XenContext.open(OpenRequest.of(xen.uri()), XenSettings.DEFAULTS,
                Path.of(System.getProperty("user.home"))).orElseThrow()) {
            XenLifecycle lifecycle = new XenLifecycle(context.xl, new XenInventory(context.xl), Duration.ofMinutes(5));
            XenPower power = new XenPower(context.xl, lifecycle, Duration.ofSeconds(4));
            assertThatThrownBy(() -> power.shutdown(deaf, XenPower.PARAVIRT)).isInstanceOf(VirtException.class)
                    .hasMessageContaining("did not shut down within 4 s")
                    .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
        }
        assertThat(conn.domainState(deaf, 0).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
        assertThat(xen.runChecked("xl list -v " + DEAF)).contains(deaf.uuid().toString());
        assertThat(xen.run("ls /run/virtkit/xen/" + DEAF + ".xml", Duration.ofSeconds(10)).exitCode()).isZero();

        conn.destroyDomain(deaf, 0);
        assertThat(xen.run("ls /run/virtkit/xen/" + DEAF + ".stopped", Duration.ofSeconds(10)).exitCode())
                .as("no reason kept for a transient domain").isNotZero();
    }
}
