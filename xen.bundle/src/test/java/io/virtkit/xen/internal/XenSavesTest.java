package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;

/** Managed save, save and restore of a PV guest with xl save / xl restore on the nested Xen. */
class XenSavesTest extends NestedXenDriverTest {

    private static final String NAME = "vk-save";
    /** Images need room: dom0's root is its initramfs in RAM (half of 512 MiB, mostly taken), so a tmpfs of their own. */
    private static final String IMAGES = "/var/lib/virtkit/xen";
    private static final String IMAGE = IMAGES + "/" + NAME + ".img";

    @org.junit.jupiter.api.BeforeAll
    static void roomForImages() throws IOException {
        xen.runChecked("mkdir -p " + IMAGES + " && { mountpoint -q " + IMAGES + " || mount -t tmpfs -o size=200m tmpfs "
                + IMAGES + "; }");
    }

    @org.junit.jupiter.api.AfterAll
    static void noRoomLeft() throws IOException {
        xen.run("umount " + IMAGES, Duration.ofSeconds(30));
    }

    @AfterEach
    void cleanUp() throws IOException {
        xen.run("xl destroy " + NAME + " 2>/dev/null; rm -f /etc/virtkit/xen/" + NAME + ".xml /run/virtkit/xen/" + NAME
                + ".xml /var/lib/virtkit/xen/save/" + NAME + ".save " + IMAGE, Duration.ofSeconds(60));
    }

    @Test
    void aManagedSaveStopsTheGuestAndTheNextStartRestoresIt() throws IOException {
        DomainRef ref = conn.defineDomain(XenGuests.pv(NAME, 96), 0);
        xen.run("rm -f /var/log/xen/console/guest-" + NAME + ".log", java.time.Duration.ofSeconds(10));
        conn.startDomain(ref, 0);
        int firstId = conn.lookupDomainByName(NAME).id();
        // a guest answers a suspend request only once its kernel runs its Xen drivers: "started" is not "booted"
        XenGuestConsoles.awaitUp(xen, NAME, 1);

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
        xen.run("rm -f /var/log/xen/console/guest-" + NAME + ".log", java.time.Duration.ofSeconds(10));
        DomainRef ref = conn.createDomain(XenGuests.pv(NAME, 96), 0);
        XenGuestConsoles.awaitUp(xen, NAME, 1);
        assertThatThrownBy(() -> conn.managedSave(ref, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("transient");

        conn.saveDomain(ref, IMAGE, null, 0);
        assertThatThrownBy(() -> conn.lookupDomainByName(NAME)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.NO_DOMAIN);

        conn.restoreDomain(IMAGE, null, io.virtkit.api.DomainSaveFlag.PAUSED.bit());
        DomainRef back = conn.lookupDomainByName(NAME);
        assertThat(back.uuid()).isEqualTo(ref.uuid());
        assertThat(conn.domainState(back, 0).state()).isEqualTo(DomainState.PAUSED);
    }

    @Test
    void restoringAFileThatIsNoImageFailsWithXlsMessageAndStartsNothing() throws IOException {
        xen.runChecked("echo garbage > " + IMAGE);
        String before = xen.runChecked("xl list | wc -l");
        assertThatThrownBy(() -> conn.restoreDomain(IMAGE, null, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("xl restore failed");
        assertThat(xen.runChecked("xl list | wc -l")).isEqualTo(before);
    }
}
