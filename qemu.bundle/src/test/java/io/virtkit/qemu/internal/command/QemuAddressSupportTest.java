package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static io.virtkit.qemu.internal.command.QemuDiskSupportTest.vm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The QEMU driver honours ACPI indexes and ISA I/O bases and IRQs on the devices that have them, checked on a
 * real QEMU (TCG) over QMP, and refuses at start every address it cannot place.
 */
class QemuAddressSupportTest {

    @TempDir
    Path dir;

    private final QemuCommandLineQemuTest qemu = new QemuCommandLineQemuTest();

    @AfterEach
    void killQemu() throws InterruptedException {
        qemu.killQemu();
    }

    /** A property of the device QEMU knows by {@code id}. */
    private static String qom(QemuCommandLineQemuTest.Qmp qmp, String id, String property) throws Exception {
        String args = "{\"path\":\"/machine/peripheral/" + id + "\",\"property\":\"" + property + "\"}";
        return qmp.send("{\"execute\":\"qom-get\",\"arguments\":" + args + "}").asText();
    }

    private static final String DEVICES = "<interface type='user'><mac address='52:54:00:00:00:09'/>"
            + "<model type='virtio'/><alias name='ua-nic'/><acpi index='3'/></interface>"
            + "<serial type='pty'><target type='isa-serial' port='1'/><alias name='ua-com'/>"
            + "<address type='isa' iobase='0x2e8' irq='0x5'/></serial>"
            + "<rng model='virtio'><backend model='random'>/dev/urandom</backend><alias name='ua-rng'/>"
            + "<acpi index='16383'/></rng>"
            + "<memballoon model='virtio'><alias name='ua-balloon'/><acpi index='7'/></memballoon>";

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void acpiIndexesAndIsaValuesReachQemu(String machine) throws Exception {
        QemuCommandLineQemuTest.needsQemu();
        qemu.dir = dir;
        String xml = vm(machine, DEVICES).replace("<os>", "<features><acpi/></features><os>");
        try (QemuCommandLineQemuTest.Qmp qmp = qemu.start(xml)) {
            assertThat(qom(qmp, "ua-nic", "acpi-index")).isEqualTo("3");
            assertThat(qom(qmp, "ua-rng", "acpi-index")).isEqualTo("16383");
            assertThat(qom(qmp, "ua-balloon", "acpi-index")).isEqualTo("7");
            assertThat(qom(qmp, "ua-com", "iobase")).isEqualTo(Integer.toString(0x2e8));
            assertThat(qom(qmp, "ua-com", "irq")).isEqualTo("5");
        }
    }

    @Test
    void assigningAddressesKeepsTheAcpiIndexAndLeavesAZpciAddressToBeRefused() {
        DomainDefinition def = QemuDeviceAddresses.assign(DomainXmlCodec.parse(vm("q35",
                "<rng model='virtio'><backend model='random'/><acpi index='5'/></rng>"
                + "<memballoon model='virtio'><address type='pci'><zpci uid='1' fid='2'/></address></memballoon>")));
        DeviceInfo rng = def.devices().auxiliary().rngs().get(0).info();
        assertThat(rng.acpiIndex()).isEqualTo(5);
        assertThat(rng.address()).isInstanceOf(DeviceAddress.Pci.class);
        assertThat(def.devices().auxiliary().memballoon().info().address())
                .isEqualTo(DeviceAddress.Pci.ANY.withZpci(new DeviceAddress.Zpci(1, 2)));
        assertThatThrownBy(() -> QemuCommandLine.build(def, "/usr/bin/qemu-system-x86_64", dir.resolve("m")))
                .hasMessageContaining("zPCI address of memballoon");
    }

    @Test
    void aDeviceWithoutAcpiIndexGetsNone() {
        assertThat(values(argv(vm("q35", "<rng model='virtio'><backend model='random'/></rng>")), "-device"))
                .noneSatisfy(d -> assertThat(d).contains("acpi-index"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<rng model='virtio'><backend model='random'/><address type='ccw' cssid='0' ssid='0' devno='1'/></rng>"
            + "|address type 'ccw' of rng is not supported by the QEMU driver",
        "<interface type='user'><mac address='52:54:00:00:00:09'/><address type='spapr-vio'/></interface>"
            + "|address type 'spapr-vio' of interface '52:54:00:00:00:09' is not supported by the QEMU driver",
        "<memballoon model='virtio'><address type='virtio-mmio'/></memballoon>"
            + "|address type 'virtio-mmio' of memballoon is not supported by the QEMU driver",
        "<watchdog model='i6300esb'><address type='ccid' controller='0' slot='1'/></watchdog>"
            + "|address type 'ccid' of watchdog 'i6300esb' is not supported by the QEMU driver",
        "<rng model='virtio'><backend model='random'/><address type='dimm' slot='1'/></rng>"
            + "|address type 'dimm' of rng is not supported by the QEMU driver",
        "<rng model='virtio'><backend model='random'/><address type='pci' slot='5'><zpci uid='1' fid='2'/></address></rng>"
            + "|zPCI address of rng is not supported by the QEMU driver on this architecture",
        "<watchdog model='ib700'><address type='isa' iobase='0x443'/></watchdog>"
            + "|ISA address iobase of watchdog 'ib700' is not supported by the QEMU driver",
        "<panic model='isa'><address type='isa' iobase='0x505' irq='0x5'/></panic>"
            + "|ISA address irq of panic is not supported by the QEMU driver",
        "<serial type='pty'><target type='isa-serial' port='0'/><acpi index='2'/></serial>"
            + "|ACPI index of serial port is not supported by the QEMU driver: only a PCI device has one",
        "<watchdog model='ib700'><acpi index='2'/></watchdog>"
            + "|ACPI index of watchdog 'ib700' is not supported by the QEMU driver: only a PCI device has one",
        "<rng model='virtio'><backend model='random'/><acpi index='16384'/></rng>"
            + "|ACPI index 16384 of rng is beyond QEMU's 16383",
        "<rng model='virtio'><backend model='random'/><acpi index='4'/></rng>"
            + "<memballoon model='virtio'><acpi index='4'/></memballoon>"
            + "|ACPI index 4 of memballoon is used by another device",
    })
    void whatCannotBePlacedIsRefusedAtStart(String devices, String message) {
        assertThatThrownBy(() -> argv(vm("q35", devices))).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e).hasMessage("unsupported configuration: " + message);
        });
    }
}
