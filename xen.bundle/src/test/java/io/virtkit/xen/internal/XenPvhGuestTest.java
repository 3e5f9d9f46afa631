package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.driver.DomainRef;

/** A PVH guest ({@code <os><type>xenpvh</type>}) through its states, with libvirt's reasons and info in each. */
class XenPvhGuestTest extends NestedXenDriverTest {

    private static final String NAME = "vk-life2-pvh";

    @AfterEach
    void cleanUp() throws IOException {
        removeGuests(NAME);
    }

    @Test
    void aPvhGuestStartsPausesAndIsDestroyedWithItsReasons() throws IOException {
        DomainRef defined = conn.defineDomain(XenGuests.guest(NAME, "xenpvh", 128, "console=hvc0 loglevel=4"), 0);
        assertThat(conn.domainOsType(defined)).isEqualTo("xenpvh");
        assertThat(conn.domainState(defined, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_UNKNOWN);
        assertThat(conn.domainInfo(defined)).isEqualTo(new DomainInfo(DomainState.SHUTOFF, 128 * 1024L, 128 * 1024L,
                1, 0));

        conn.startDomain(defined, 0);
        DomainRef running = conn.lookupDomainByName(NAME);
        // libxl's own view: a PVH domain
        assertThat(xen.runChecked("xl list -l " + NAME)).contains("\"type\": \"pvh\"");
        XenGuestConsoles.awaitUp(xen, NAME, 1);
        assertThat(conn.domainOsType(running)).isEqualTo("xenpvh");
        assertThat(conn.domainXml(running, 0)).contains("<type>xenpvh</type>");
        assertThat(conn.domainState(running, 0).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
        DomainInfo info = conn.domainInfo(running);
        assertThat(info.state()).isEqualTo(DomainState.RUNNING);
        assertThat(info.maxMemoryKiB()).isEqualTo(128 * 1024L);
        assertThat(info.vcpus()).isEqualTo(1);
        assertThat(info.cpuTimeNanos()).isPositive();

        conn.suspendDomain(running);
        assertThat(conn.domainState(running, 0).reason()).isEqualTo(DomainStateReason.PAUSED_USER);
        assertThat(conn.domainInfo(running).state()).isEqualTo(DomainState.PAUSED);
        conn.resumeDomain(running);

        conn.destroyDomain(running, 0);
        assertThat(xen.runChecked("xl list")).doesNotContain(NAME);
        assertThat(conn.domainState(defined, 0).reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        assertThat(conn.domainInfo(defined).state()).isEqualTo(DomainState.SHUTOFF);
        conn.undefineDomain(defined, 0);
    }
}
