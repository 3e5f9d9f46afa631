package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * Disk and NIC hot-plug against the real Xen nested under QEMU: {@code xl block-attach}/{@code network-attach} and
 * their detaches, what xl and the guest's frontends then show, and the live and persistent XML kept in step.
 */
class XenDeviceHotplugTest {

    private static final String NAME = "vk-dev-hotplug";
    private static final long LIVE = DeviceModifyFlag.LIVE.bit();
    private static final long CONFIG = DeviceModifyFlag.CONFIG.bit();
    private static final String DISK = "<disk type='file' device='disk'><source file='" + XenHostFixture.guestDirectory()
            + "/disk.img'/><target dev='xvdb' bus='xen'/></disk>";
    private static final String NIC = "<interface type='bridge'><mac address='00:16:3e:5a:17:01'/>"
            + "<source bridge='xenbr0'/></interface>";

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
                + ".xml", Duration.ofSeconds(60));
    }

    private static DomainRef startedPersistentGuest() {
        DomainRef defined = conn.defineDomain(XenGuests.pv(NAME, 128), 0);
        conn.startDomain(defined, 0);
        return conn.lookupDomainByName(NAME);
    }

    @Test
    void aDiskIsAttachedTheGuestConnectsToItAndItIsDetached() throws Exception {
        DomainRef guest = startedPersistentGuest();
        conn.attachDevice(guest, DISK, LIVE | CONFIG);
        // xvdb is Xen's virtual device 51728; backend state 4 is "connected": the guest's blkfront took the disk
        awaitBackendState(guest, "51728", "4");
        assertThat(conn.domainXml(guest, 0)).contains("<target dev='xvdb' bus='xen'/>");
        assertThat(conn.domainXml(guest, XmlFlag.INACTIVE.bit())).contains("<target dev='xvdb' bus='xen'/>");
        assertThat(xen.runChecked("cat /run/virtkit/xen/" + NAME + ".xml")).contains("xvdb");

        assertThatThrownBy(() -> conn.attachDevice(guest, DISK, LIVE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("target xvdb already exists")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_FAILED);

        conn.detachDevice(guest, DISK, LIVE | CONFIG);
        assertThat(xen.runChecked("xl block-list " + guest.id())).doesNotContain("51728");
        assertThat(conn.domainXml(guest, 0)).doesNotContain("xvdb");
        assertThat(conn.domainXml(guest, XmlFlag.INACTIVE.bit())).doesNotContain("xvdb");
    }

    @Test
    void aNicIsAttachedWithItsMacAndDetached() throws Exception {
        DomainRef guest = startedPersistentGuest();
        conn.attachDevice(guest, NIC, 0); // current = live for a running domain
        assertThat(xen.runChecked("xl network-list " + guest.id())).contains("00:16:3e:5a:17:01");
        assertThat(conn.domainXml(guest, 0)).contains("00:16:3e:5a:17:01", "xenbr0");
        assertThat(conn.domainXml(guest, XmlFlag.INACTIVE.bit())).doesNotContain("00:16:3e:5a:17:01");

        conn.detachDevice(guest, NIC, LIVE);
        assertThat(xen.runChecked("xl network-list " + guest.id())).doesNotContain("00:16:3e:5a:17:01");
        assertThat(conn.domainXml(guest, 0)).doesNotContain("00:16:3e:5a:17:01");
    }

    @Test
    void aFailedAttachChangesNeitherTheDomainNorItsXml() throws Exception {
        DomainRef guest = startedPersistentGuest();
        String before = xen.runChecked("cat /run/virtkit/xen/" + NAME + ".xml /etc/virtkit/xen/" + NAME + ".xml");
        assertThatThrownBy(() -> conn.attachDevice(guest, DISK.replace("disk.img", "no-such.img"), LIVE | CONFIG))
                .isInstanceOf(VirtException.class).hasMessageContaining("libxenlight failed to attach disk 'xvdb'")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThatThrownBy(() -> conn.attachDevice(guest, NIC.replace("xenbr0", "vkdevnobr"), LIVE | CONFIG))
                .isInstanceOf(VirtException.class).hasMessageContaining("libxenlight failed to attach network device")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(xen.runChecked("cat /run/virtkit/xen/" + NAME + ".xml /etc/virtkit/xen/" + NAME + ".xml"))
                .isEqualTo(before);
        assertThat(xen.runChecked("xl block-list " + guest.id())).doesNotContain("51728");
    }

    @Test
    void changesAreRefusedByLibvirtsFlagRules() throws Exception {
        DomainRef defined = conn.defineDomain(XenGuests.pv(NAME, 128), 0);
        assertThatThrownBy(() -> conn.attachDevice(defined, DISK, LIVE)).isInstanceOf(VirtException.class)
                .hasMessageContaining("domain is not running")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        // a domain that does not run: current means its definition, changed on the host
        conn.attachDevice(defined, NIC, 0);
        assertThat(xen.runChecked("cat /etc/virtkit/xen/" + NAME + ".xml")).contains("00:16:3e:5a:17:01");
        conn.detachDevice(defined, NIC, CONFIG);
        assertThat(xen.runChecked("cat /etc/virtkit/xen/" + NAME + ".xml")).doesNotContain("00:16:3e:5a:17:01");
        assertThatThrownBy(() -> conn.attachDevice(defined, "<input type='mouse' bus='ps2'/>", CONFIG))
                .isInstanceOf(VirtException.class).hasMessageEndingWith("persistent attach of device is not supported");
        conn.undefineDomain(defined, 0);

        DomainRef transientGuest = conn.createDomain(XenGuests.pv(NAME, 128), 0);
        assertThatThrownBy(() -> conn.attachDevice(transientGuest, DISK, CONFIG)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        assertThatThrownBy(() -> conn.attachDevice(conn.lookupDomainById(0), DISK, LIVE))
                .isInstanceOf(VirtException.class).hasMessageContaining("Domain-0");
    }

    /**
     * Waits until {@code xl block-list} shows the disk {@code vdev} with backend state {@code state} (columns: Vdev,
     * BE, handle, state, …): a frontend connects in its own time.
     */
    private static void awaitBackendState(DomainRef guest, String vdev, String state)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String out = "";
        while (System.nanoTime() < deadline) {
            out = xen.runChecked("xl block-list " + guest.id());
            for (String line : out.split("\n")) {
                String[] columns = line.strip().split("\\s+");
                if (columns.length > 3 && columns[0].equals(vdev) && columns[3].equals(state)) {
                    return;
                }
            }
            Thread.sleep(500);
        }
        throw new AssertionError("disk " + vdev + " never reached backend state " + state + ": " + out);
    }
}
