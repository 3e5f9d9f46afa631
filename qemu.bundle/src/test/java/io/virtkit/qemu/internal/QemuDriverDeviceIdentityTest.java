package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.netdev.internal.HostNetnsFixture;
import io.virtkit.support.net.TapProvider;

/**
 * Stable device identity on real QEMU (TCG): every device has its address from define and its alias from
 * start, QEMU has each at that address under that id, on pc and q35, after a restart of the driver too, and
 * hot-plug puts a TAP NIC at the address its definition got.
 */
class QemuDriverDeviceIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();
    private final QemuGuests guests = instances.guests;

    private Connection open(TapProvider taps) {
        return instances.open(taps);
    }

    private String disk(String target, String bus) throws Exception {
        Path image = instances.dir().resolve(target + ".img");
        Files.write(image, new byte[1 << 20]);
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='" + target + "' bus='" + bus + "'/></disk>";
    }

    private static String tapNic(String mac) {
        return "<interface type='network'><mac address='" + mac + "'/><source network='qnet'/>"
                + "<model type='virtio'/></interface>";
    }

    private static JsonNode qmp(Domain d, String command, String args) throws Exception {
        String json = "{\"execute\":\"" + command + "\"" + (args == null ? "" : ",\"arguments\":" + args) + "}";
        return JSON.readTree(((QemuDomain) d).monitorCommand(json)).path("return");
    }

    /** Every PCI device of the live XML, by alias: the QEMU bus it must be on and its slot. */
    private static Map<String, String> pciPlaces(DomainDefinition live) {
        boolean q35 = live.os().machine().contains("q35");
        Map<Integer, String> buses = new LinkedHashMap<>();
        for (ControllerDevice c : live.devices().controllers()) {
            if (c.type().equals("pci")) {
                buses.put(c.index(), c.index() == 0 ? (q35 ? "pcie.0" : "pci.0") : c.alias());
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        List<DeviceInfo> infos = new ArrayList<>();
        live.devices().disks().forEach(x -> infos.add(x.info()));
        live.devices().interfaces().forEach(x -> infos.add(x.info()));
        live.devices().controllers().forEach(x -> infos.add(x.info()));
        for (DeviceInfo info : infos) {
            if (info.address() instanceof DeviceAddress.Pci p && !(q35 && p.slot() == 0x1f && p.bus() == 0)) {
                out.put(info.alias(), buses.get(p.bus()) + "/" + p.slot());
            }
        }
        return out;
    }

    /** Where QEMU has each of {@code aliases}: its parent bus's name and its slot (qom, so behind bridges too). */
    private static Map<String, String> qemuPlaces(Domain d, Iterable<String> aliases) throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        for (String alias : aliases) {
            String path = "\"/machine/peripheral/" + alias + "\"";
            String bus = qmp(d, "qom-get", "{\"path\":" + path + ",\"property\":\"parent_bus\"}").asText();
            int devfn = qmp(d, "qom-get", "{\"path\":" + path + ",\"property\":\"addr\"}").asInt();
            out.put(alias, bus.substring(bus.lastIndexOf('/') + 1) + "/" + (devfn >> 3));
        }
        return out;
    }

    private static List<String> peripherals(Domain d) throws Exception {
        List<String> names = new ArrayList<>();
        qmp(d, "qom-list", "{\"path\":\"/machine/peripheral\"}").forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    /** Root-bus slots by qdev id, as query-pci reports them. */
    private static Map<String, Integer> rootSlots(Domain d) throws Exception {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode dev : qmp(d, "query-pci", null).get(0).path("devices")) {
            if (!dev.path("qdev_id").asText("").isEmpty()) {
                out.put(dev.path("qdev_id").asText(), dev.path("slot").asInt());
            }
        }
        return out;
    }

    private static void assertQemuMatches(Domain d) throws Exception {
        DomainDefinition live = DomainXmlCodec.parseLive(d.xml());
        Map<String, String> expected = pciPlaces(live);
        assertThat(qemuPlaces(d, expected.keySet())).isEqualTo(expected);
        expected.forEach((alias, place) -> {
            if (place.startsWith("pci.0/") || place.startsWith("pcie.0/")) {
                try {
                    assertThat(rootSlots(d)).containsEntry(alias, Integer.parseInt(place.split("/")[1]));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }
        });
        assertThat(peripherals(d)).contains("virtio-disk0", "scsi0-0-0-0", "scsi0", "net0", "net1", "serial0",
                "pci.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void everyDeviceIsAtItsXmlAddressUnderItsAliasAcrossADriverRestart(String machine) throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            Connection conn = open(net.taps());
            Domain d = conn.defineDomain(guests.xml("ident", "<devices>" + disk("vda", "virtio") + disk("sda", "scsi")
                    + disk("sdb", "sata") + tapNic("52:54:00:1d:00:01")
                    + "<interface type='user'><mac address='52:54:00:1d:00:02'/><model type='e1000'/></interface>"
                    + "<serial type='pty'/><console type='pty'/></devices>").replace("machine='pc'",
                    "machine='" + machine + "'"));
            DomainDefinition defined = DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE));
            assertThat(defined.devices().disks()).extracting(x -> x.address()).doesNotContainNull();
            assertThat(defined.devices().disks().get(1).address()).isEqualTo(new DeviceAddress.Drive(0, 0, 0, 0));
            assertThat(defined.devices().interfaces()).extracting(x -> x.address()).doesNotContainNull();
            assertThat(defined.devices().interfaces().get(0).address())
                    .as("the TAP NIC behind the bridge (pc) or on a root port of its own (q35)")
                    .isEqualTo(DeviceAddress.Pci.of(1, machine.equals("pc") ? 1 : 0, 0));
            assertThat(defined.devices().controllers()).extracting(ControllerDevice::model)
                    .contains(machine.equals("pc") ? "pci-bridge" : "pcie-root-port", "virtio-scsi");
            assertThat(d.xml(XmlFlag.INACTIVE)).as("driver aliases are live state only").doesNotContain("<alias");

            d.start(StartFlag.PAUSED);
            try {
                String liveXml = d.xml();
                assertThat(liveXml).contains("<alias name='net0'/>", "<alias name='net1'/>",
                        "<alias name='virtio-disk0'/>", "<alias name='scsi0-0-0-0'/>", "<alias name='sata0-0-1'/>",
                        "<alias name='serial0'/>", "<alias name='pci.1'/>", "<alias name='scsi0'/>");
                assertQemuMatches(d);
                assertThat(Files.readString(instances.settings().session().runtime().resolve("ident.xml")))
                        .as("the status file keeps the aliases").contains("<alias name='net0'/>");

                QemuGuests.stop(instances.drivers.get(0)); // the daemon restarts; the guest keeps running
                Domain again = open(net.taps()).lookupDomainByName("ident");
                assertThat(again.xml()).isEqualTo(liveXml);
                assertQemuMatches(again);
            } finally {
                instances.latest().lookupDomainByName("ident")
                        .destroy();
            }
        }
    }

    @Test
    void aTapNicIsHotPluggedAtItsDefineTimeAddress() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            Connection conn = open(net.taps());
            Domain d = conn.defineDomain(guests.xml("plug", "<devices>" + tapNic("52:54:00:1d:01:01")
                    + tapNic("52:54:00:1d:01:02") + "</devices>"));
            d.start(StartFlag.PAUSED);
            try {
                d.detachDevice(tapNic("52:54:00:1d:01:01"), DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
                d.attachDevice(tapNic("52:54:00:1d:01:03"), DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG);
                DeviceAddress defined = DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE)).devices().interfaces().get(1)
                        .address();
                assertThat(defined).as("the slot the detached NIC left").isEqualTo(DeviceAddress.Pci.of(1, 1, 0));
                DomainDefinition live = DomainXmlCodec.parseLive(d.xml());
                assertThat(live.devices().interfaces().get(1).info())
                        .isEqualTo(new DeviceInfo("net0", defined));
                assertThat(qemuPlaces(d, List.of("net0", "net1"))).containsExactly(Map.entry("net0", "pci.1/1"),
                        Map.entry("net1", "pci.1/2"));
            } finally {
                d.destroy();
            }
        }
    }

    @Test
    void aClashIsRefusedAtDefineWithNothingDefined() throws Exception {
        Connection conn = open(null);
        String at = "<address type='pci' domain='0x0000' bus='0x01' slot='0x03' function='0x0'/>";
        String xml = guests.xml("clash", "<devices>"
                + tapNic("52:54:00:1d:02:01").replace("</interface>", at + "</interface>")
                + tapNic("52:54:00:1d:02:02").replace("</interface>", at + "</interface>") + "</devices>");
        assertThatThrownBy(() -> conn.defineDomain(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
            assertThat(e).hasMessage("XML error: Attempted double use of PCI Address 0000:01:03.0");
        });
        String drives = guests.xml("drives", "<devices>" + disk("sda", "scsi") + disk("sdb", "scsi")
                .replace("</disk>", "<address type='drive' controller='0' bus='0' target='0' unit='0'/></disk>")
                + "</devices>");
        assertThatThrownBy(() -> conn.defineDomain(drives)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e).hasMessage("XML error: Found duplicate drive address for disk with target name "
                        + "'sdb' controller='0' bus='0' target='0' unit='0'"));
        assertThat(conn.listAllDomains()).isEmpty();
        assertThat(QemuGuests.files(instances.settings().session().config())).noneMatch(f -> f.endsWith(".xml"));
    }

    @Test
    void aVirtioConsoleIsOnItsVirtioSerialPortUnderItsAlias() throws Exception {
        Connection conn = open(null);
        Domain d = conn.defineDomain(guests.xml("vcon", "<devices><serial type='pty'/><console type='pty'/>"
                + "<console type='pty'><target type='virtio'/></console></devices>"));
        DomainDefinition defined = DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE));
        assertThat(defined.devices().consoles().get(1).address()).isEqualTo(new DeviceAddress.VirtioSerial(0, 0, 0));
        d.start(StartFlag.PAUSED);
        try {
            DomainDefinition live = DomainXmlCodec.parseLive(d.xml());
            assertThat(live.devices().consoles()).extracting(c -> c.alias()).containsExactly("serial0", "console1");
            assertThat(live.devices().consoles().get(1).sourcePath()).as("its pty").startsWith("/dev/pts/");
            assertThat(peripherals(d)).contains("serial0", "console1", "virtio-serial0");
            String bus = qmp(d, "qom-get", "{\"path\":\"/machine/peripheral/console1\",\"property\":\"parent_bus\"}")
                    .asText();
            assertThat(bus).endsWith("/virtio-serial0.0");
            assertThat(qmp(d, "qom-get", "{\"path\":\"/machine/peripheral/console1\",\"property\":\"nr\"}")
                    .asInt()).isZero();
            assertThat(qemuPlaces(d, List.of("virtio-serial0"))).isEqualTo(pciPlaces(live).entrySet().stream()
                    .filter(e -> e.getKey().equals("virtio-serial0"))
                    .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        } finally {
            d.destroy();
        }
    }

    @Test
    void aDefinitionSavedBeforeAddressesGetsThemWhenLoaded() throws Exception {
        Path config = instances.settings().session().config();
        Files.createDirectories(config);
        String old = guests.xml("old", "<devices>" + disk("vda", "virtio") + tapNic("52:54:00:1d:03:01") + "</devices>");
        Files.writeString(config.resolve("old.xml"), old);
        Domain d = open(null).lookupDomainByName("old");
        DomainDefinition loaded = DomainXmlCodec.parse(d.xml(XmlFlag.INACTIVE));
        assertThat(loaded.devices().disks().get(0).address()).isEqualTo(DeviceAddress.Pci.of(0, 3, 0));
        assertThat(loaded.devices().interfaces().get(0).address()).isEqualTo(DeviceAddress.Pci.of(1, 1, 0));
        assertThat(loaded.devices().controllers()).extracting(ControllerDevice::model)
                .containsExactly("pci-root", "pci-bridge");
        assertThat(Files.readString(config.resolve("old.xml"))).as("the file is rewritten by the next change only")
                .isEqualTo(old);
    }
}
