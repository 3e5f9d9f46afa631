package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;

/**
 * PCI addresses assigned at define (libvirt's qemuDomainAssignAddresses), on real QEMU: each device is where
 * its address says, at every start and after a restart of the driver.
 */
class QemuDriverPciAddressTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private QemuDriverSettings settings;
    private Connection conn;

    @BeforeEach
    void setUp() {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
        conn = open();
    }

    @AfterEach
    void tearDown() {
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        guests.killAll();
    }

    private Connection open() {
        QemuDriver d = new QemuDriver(settings);
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///session");
    }

    private Path image(String name) throws Exception {
        Path image = tmp.resolve(name + ".img");
        Files.write(image, new byte[1 << 20]);
        return image;
    }

    private String disk(String target, String address) throws Exception {
        Path image = image(target);
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='" + target + "' bus='virtio'/>" + address + "</disk>";
    }

    private static String pci(int slot) {
        return "<address type='pci' domain='0x0000' bus='0x00' slot='0x" + String.format("%02x", slot)
                + "' function='0x0'/>";
    }

    /** Each device element's first PCI slot, keyed by its target dev or MAC, in document order. */
    private static Map<String, Integer> slotsIn(String xml) {
        Map<String, Integer> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<(disk|interface)\\b.*?(?:dev='(vd[a-z]+)'|mac address='([0-9a-f:]+)').*?"
                + "(?:slot='0x([0-9a-f]+)'.*?)?</\\1>", Pattern.DOTALL).matcher(xml);
        while (m.find()) {
            out.put(m.group(2) != null ? m.group(2) : m.group(3), m.group(4) == null ? null
                    : Integer.parseInt(m.group(4), 16));
        }
        return out;
    }

    /** Slot of each device on the root bus as QEMU reports it (query-pci), by its qdev id. */
    private static Map<String, Integer> qemuSlots(Domain d) throws Exception {
        JsonNode reply = new ObjectMapper().readTree(((QemuDomain) d).monitorCommand("{\"execute\":\"query-pci\"}"));
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode dev : reply.path("return").get(0).path("devices")) {
            String id = dev.path("qdev_id").asText("");
            out.put(id.isEmpty() ? dev.path("class_info").path("desc").asText() + "@" + dev.path("slot").asInt()
                    : id, dev.path("slot").asInt());
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void virtioDisksAndNicsKeepTheirSlotsAcrossStartsAndADriverRestart(String machine) throws Exception {
        int first = machine.equals("pc") ? 3 : 2;
        String xml = guests.xml("pcivm", "<devices>" + disk("vda", "") + disk("vdb", "<address type='pci'/>")
                + disk("vdc", pci(0x0a))
                + "<disk type='file' device='disk'><source file='" + image("sda") + "'/>"
                + "<target dev='sda' bus='scsi'/></disk>"
                + "<interface type='user'><mac address='52:54:00:00:00:01'/><model type='virtio'/></interface>"
                + "<interface type='user'><mac address='52:54:00:00:00:02'/><model type='e1000'/></interface>"
                + "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>"
                + "</devices>").replace("machine='pc'", "machine='" + machine + "'");
        Domain d = conn.defineDomain(xml);
        Map<String, Integer> defined = slotsIn(d.xml(XmlFlag.INACTIVE));
        assertThat(defined).containsExactly(Map.entry("vda", first), Map.entry("vdb", first + 1),
                Map.entry("vdc", 0x0a), Map.entry("52:54:00:00:00:01", first + 2),
                Map.entry("52:54:00:00:00:02", first + 3));

        d.start();
        Map<String, Integer> placed = qemuSlots(d);
        assertThat(placed).containsEntry("virtio-disk0", first).containsEntry("virtio-disk1", first + 1)
                .containsEntry("virtio-disk2", 0x0a).containsEntry("net0", first + 2).containsEntry("net1", first + 3)
                .containsEntry("video0", first - 1); // the VGA's kept slot
        assertThat(slotsIn(d.xml())).isEqualTo(defined);
        d.destroy();
        d.start();
        assertThat(qemuSlots(d)).isEqualTo(placed);

        QemuGuests.stop(drivers.remove(0));
        Domain again = open().lookupDomainByName("pcivm");
        assertThat(qemuSlots(again)).isEqualTo(placed);
        assertThat(slotsIn(again.xml(XmlFlag.INACTIVE))).isEqualTo(defined);
        again.destroy();
        again.start();
        assertThat(qemuSlots(again)).isEqualTo(placed);
        again.destroy();
    }

    @Test
    void aNewDeviceTakesAFreeSlotAndTheOthersStay() throws Exception {
        Domain d = conn.defineDomain(guests.xml("grow", "<devices>" + disk("vda", "") + "</devices>"));
        String before = d.xml(XmlFlag.INACTIVE);
        assertThat(slotsIn(before)).containsExactly(Map.entry("vda", 3));
        // redefined with the slot it got, and a disk before it in the list: the new one takes the next slot
        String grown = before.replace("<devices>", "<devices>" + disk("vdb", ""));
        Domain again = conn.defineDomain(grown);
        assertThat(slotsIn(again.xml(XmlFlag.INACTIVE))).containsExactly(Map.entry("vdb", 4), Map.entry("vda", 3));
    }

    @Test
    void twoDevicesOnOneAddressAreRefusedAtDefineAndNothingIsDefined() throws Exception {
        String xml = guests.xml("clash", "<devices>" + disk("vda", pci(5))
                + "<interface type='user'><mac address='52:54:00:00:00:03'/><model type='virtio'/>" + pci(5)
                + "</interface></devices>");
        assertThatThrownBy(() -> conn.defineDomain(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
            assertThat(e).hasMessage("XML error: Attempted double use of PCI Address 0000:00:05.0");
        });
        assertThatThrownBy(() -> conn.createDomain(xml)).hasMessageContaining("Attempted double use");
        assertThat(conn.listAllDomains()).isEmpty();
        assertThat(QemuGuests.files(settings.session().config())).noneMatch(f -> f.endsWith(".xml"));
    }

    @Test
    void aNicAttachedToThePersistentDefinitionGetsAFreeSlot() throws Exception {
        Domain d = conn.defineDomain(guests.xml("attach", "<devices>" + disk("vda", "") + "</devices>"));
        d.attachDevice("<interface type='user'><mac address='52:54:00:00:00:21'/><model type='virtio'/></interface>",
                io.virtkit.api.DeviceModifyFlag.CONFIG);
        assertThat(slotsIn(d.xml(XmlFlag.INACTIVE))).containsExactly(Map.entry("vda", 3),
                Map.entry("52:54:00:00:00:21", 4));
        d.start();
        assertThat(qemuSlots(d)).containsEntry("virtio-disk0", 3).containsEntry("net0", 4);
        d.destroy();
    }
}
