package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.testing.XenHostFixture;

/** Managed save, save and restore of a PV guest with xl save / xl restore on the nested Xen. */
class XenSavesTest {

    private static final String NAME = "vk-save";
    private static XenHostFixture xen;
    private static HypervisorConnection conn;

    @BeforeAll
    static void open() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        conn = XenDrivers.open(xen);
    }

    @AfterAll
    static void close() {
        if (conn != null) {
            conn.close();
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        xen.run("xl destroy " + NAME + " 2>/dev/null; rm -f /etc/virtkit/xen/" + NAME + ".xml /run/virtkit/xen/" + NAME
                + ".xml /var/lib/virtkit/xen/save/" + NAME + ".save /tmp/" + NAME + ".img", Duration.ofSeconds(60));
    }

    @Test
    void aManagedSaveStopsTheGuestAndTheNextStartRestoresIt() throws IOException {
        DomainRef ref = conn.defineDomain(XenGuests.pv(NAME, 128), 0);
        conn.startDomain(ref, 0);
        int firstId = conn.lookupDomainByName(NAME).id();

        conn.managedSave(ref, 0);
        assertThat(conn.domainState(ref, 0)).satisfies(s -> {
            assertThat(s.state()).isEqualTo(DomainState.SHUTOFF);
            assertThat(s.reason()).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        });
        assertThat(conn.hasManagedSaveImage(ref, 0)).isTrue();
        assertThat(xen.runChecked("xl list")).doesNotContain(NAME);
        assertThat(xen.runChecked("ls /var/lib/virtkit/xen/save")).contains(NAME + ".save");
        assertThat(conn.listAllDomains(DomainListFlag.MANAGEDSAVE.bit())).extracting(DomainRef::name).containsExactly(NAME);
        assertThatThrownBy(() -> conn.undefineDomain(ref, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("managed save image exists");

        conn.startDomain(ref, 0);
        DomainRef running = conn.lookupDomainByName(NAME);
        assertThat(running.id()).isNotEqualTo(firstId).isPositive();
        assertThat(conn.domainState(running, 0).state()).isEqualTo(DomainState.RUNNING);
        assertThat(conn.hasManagedSaveImage(ref, 0)).isFalse();
        assertThat(xen.run("ls /var/lib/virtkit/xen/save/" + NAME + ".save", Duration.ofSeconds(10)).exitCode()).isNotZero();
        assertThat(conn.domainXml(running, 0)).contains("<name>" + NAME + "</name>", "id='" + running.id() + "'");
    }

    @Test
    void aTransientGuestSavedToAFileVanishesAndComesBackFromIt() throws IOException {
        DomainRef ref = conn.createDomain(XenGuests.pv(NAME, 128), 0);
        assertThatThrownBy(() -> conn.managedSave(ref, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("transient");

        conn.saveDomain(ref, "/tmp/" + NAME + ".img", null, 0);
        assertThatThrownBy(() -> conn.lookupDomainByName(NAME)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.NO_DOMAIN);

        conn.restoreDomain("/tmp/" + NAME + ".img", null, io.virtkit.api.DomainSaveFlag.PAUSED.bit());
        DomainRef back = conn.lookupDomainByName(NAME);
        assertThat(back.uuid()).isEqualTo(ref.uuid());
        assertThat(conn.domainState(back, 0).state()).isEqualTo(DomainState.PAUSED);
    }

    @Test
    void restoringAFileThatIsNoImageFailsWithXlsMessageAndStartsNothing() throws IOException {
        xen.runChecked("echo garbage > /tmp/" + NAME + ".img");
        String before = xen.runChecked("xl list | wc -l");
        assertThatThrownBy(() -> conn.restoreDomain("/tmp/" + NAME + ".img", null, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("xl restore failed");
        assertThat(xen.runChecked("xl list | wc -l")).isEqualTo(before);
    }
}
