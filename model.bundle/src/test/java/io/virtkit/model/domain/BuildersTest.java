package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The builders make the same records as the constructors, with libvirt's defaults, and check them alike. */
class BuildersTest {

    @Test
    void aDiskBuiltEqualsTheDiskConstructed() {
        DiskDevice constructed = new DiskDevice(DiskDevice.Type.BLOCK, DiskDevice.Device.CDROM, "qemu", "raw",
                "/dev/sr0", "sda", "sata", true, new DeviceInfo("ua-cd", new DeviceAddress.Drive(0, 0, 0, 0)));
        DiskDevice built = DiskDevice.builder().type(DiskDevice.Type.BLOCK).device(DiskDevice.Device.CDROM)
                .driverName("qemu").driverType("raw").source("/dev/sr0").targetDev("sda").targetBus("sata")
                .readonly(true).info(new DeviceInfo("ua-cd", new DeviceAddress.Drive(0, 0, 0, 0))).build();
        assertThat(built).isEqualTo(constructed);
        assertThat(constructed.toBuilder().build()).isEqualTo(constructed);
        assertThat(constructed.toBuilder().source("/dev/sr1").build().source()).isEqualTo("/dev/sr1");

        DiskDevice defaults = DiskDevice.builder().source("/a").targetDev("vda").build();
        assertThat(defaults).isEqualTo(new DiskDevice(DiskDevice.Type.FILE, DiskDevice.Device.DISK, null, null, "/a",
                "vda", null, false));
        assertThatThrownBy(() -> DiskDevice.builder().build()).isInstanceOf(NullPointerException.class)
                .hasMessage("targetDev");
    }

    @Test
    void interfacesAndCharDevicesBuildAsConstructed() {
        InterfaceDevice nic = new InterfaceDevice(InterfaceDevice.Type.ETHERNET, "52:54:00:00:00:07", null, "tap7",
                true, "virtio", 1400, new DeviceInfo("net0", DeviceAddress.Pci.of(0, 3, 0)));
        assertThat(InterfaceDevice.builder().type(InterfaceDevice.Type.ETHERNET).mac("52:54:00:00:00:07")
                .targetDev("tap7").targetManaged(true).model("virtio").mtu(1400)
                .info(new DeviceInfo("net0", DeviceAddress.Pci.of(0, 3, 0))).build()).isEqualTo(nic);
        assertThat(nic.toBuilder().build()).isEqualTo(nic);
        assertThat(nic.withInfo(DeviceInfo.NONE).toBuilder().info(nic.info()).build()).isEqualTo(nic);

        CharDevice serial = new CharDevice(CharDevice.Type.UNIX, "/run/s", "bind", "isa-serial", 0,
                DeviceInfo.ofAlias("serial0"));
        assertThat(CharDevice.builder().type(CharDevice.Type.UNIX).sourcePath("/run/s").sourceMode("bind")
                .targetType("isa-serial").targetPort(0).info(DeviceInfo.ofAlias("serial0")).build()).isEqualTo(serial);
        assertThat(CharDevice.builder().build()).isEqualTo(new CharDevice(CharDevice.Type.PTY, null, null, null, null));
        assertThat(serial.toBuilder().build()).isEqualTo(serial);
    }

    @Test
    void devicesBuildFromListsOrOneByOne() {
        DiskDevice disk = DiskDevice.builder().source("/a").targetDev("vda").build();
        InterfaceDevice nic = InterfaceDevice.builder().type(InterfaceDevice.Type.USER).mac("52:54:00:00:00:01").build();
        CharDevice pty = CharDevice.builder().targetPort(0).build();
        GraphicsDevice vnc = new GraphicsDevice(GraphicsDevice.Type.VNC, -1, true, null, null);
        FilesystemDevice fs = new FilesystemDevice("/srv", "srv", true);
        DomainDevices constructed = new DomainDevices("/usr/bin/qemu", List.of(disk), List.of(fs), List.of(nic),
                List.of(pty), List.of(pty), List.of(vnc));

        assertThat(DomainDevices.builder().emulator("/usr/bin/qemu").disk(disk).filesystem(fs).nic(nic).serial(pty)
                .console(pty).graphic(vnc).build()).isEqualTo(constructed);
        assertThat(DomainDevices.builder().emulator("/usr/bin/qemu").disks(List.of(disk)).filesystems(List.of(fs))
                .interfaces(List.of(nic)).serials(List.of(pty)).consoles(List.of(pty)).graphics(List.of(vnc)).build())
                .isEqualTo(constructed);
        assertThat(constructed.toBuilder().build()).isEqualTo(constructed);
        assertThat(DomainDevices.builder().build()).isEqualTo(DomainDevices.NONE);
        // The builder's lists are its own: building twice or changing the original list changes nothing.
        DomainDevices.Builder b = constructed.toBuilder();
        assertThat(b.nic(nic.toBuilder().mac("52:54:00:00:00:02").build()).build().interfaces()).hasSize(2);
        assertThat(constructed.interfaces()).hasSize(1);
    }

    @Test
    void anOsBuildsAsConstructed() {
        DomainOs os = new DomainOs("exe", "x86_64", null, List.of(), null, null, null, "/bin/sh", List.of("-c", "x"),
                List.of(new DomainOs.InitEnv("A", "1")));
        assertThat(DomainOs.builder().type("exe").arch("x86_64").init("/bin/sh").initArg("-c").initArg("x")
                .initEnv(List.of(new DomainOs.InitEnv("A", "1"))).build()).isEqualTo(os);
        assertThat(os.toBuilder().build()).isEqualTo(os);
        assertThat(DomainOs.builder().type("hvm").build()).isEqualTo(DomainOs.ofType("hvm"));
        assertThat(DomainOs.builder().type("hvm").bootDevice("cdrom").bootDevice("hd").build().bootDevices())
                .containsExactly("cdrom", "hd");
    }

    @Test
    void aDefinitionBuildsWithLibvirtsDefaults() {
        UUID uuid = UUID.randomUUID();
        DomainOs os = DomainOs.ofType("hvm");
        DomainDefinition constructed = new DomainDefinition("kvm", "vm", uuid, null, null, 2048, 2048, 1, "static", os,
                Set.of(), null, DomainClock.UTC, LifecycleAction.DESTROY, LifecycleAction.RESTART,
                LifecycleAction.DESTROY, DomainDevices.NONE);

        DomainDefinition built = DomainDefinition.builder().type("kvm").name("vm").uuid(uuid).memoryKiB(2048).os(os)
                .build();
        assertThat(built).isEqualTo(constructed);
        assertThat(constructed.toBuilder().build()).isEqualTo(constructed);
        assertThat(DomainDefinition.of("kvm", "vm", 2048, 1, os).withUuid(uuid)).isEqualTo(constructed);
        assertThat(DomainDefinition.builder().type("kvm").name("vm").memoryKiB(2048).os(os).build().uuid())
                .as("a random UUID, as a define without <uuid>").isNotNull()
                .isNotEqualTo(DomainDefinition.builder().type("kvm").name("vm").memoryKiB(2048).os(os).build().uuid());
        assertThat(constructed.toBuilder().feature("acpi").feature("apic").build().features())
                .containsExactly("acpi", "apic");
    }

    @Test
    void theWithersKeepEveryOtherComponent() {
        DomainDefinition def = DomainXmlCodec.parse(DomainXmlCodecTest.resource("rich-vm.xml"));
        assertThat(def.withName("other").withName(def.name())).isEqualTo(def);
        assertThat(def.withVcpus(7).toBuilder().vcpus(def.vcpus()).build()).isEqualTo(def);
        assertThat(def.withMemory(1024, 512)).extracting(DomainDefinition::memoryKiB, DomainDefinition::currentMemoryKiB)
                .containsExactly(1024L, 512L);
        assertThat(def.withDevices(DomainDevices.NONE).withDevices(def.devices())).isEqualTo(def);
        assertThat(def.withCputune(null).cputune()).isNull();
        assertThat(def.withIdmap(null).idmap()).isNull();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void theBuilderChecksAsTheConstructor(int vcpus) {
        assertThatThrownBy(() -> DomainDefinition.builder().type("kvm").name("vm").memoryKiB(1024)
                .os(DomainOs.ofType("hvm")).vcpus(vcpus).build()).isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
        assertThatThrownBy(() -> DomainDefinition.builder().type("kvm").name("a/b").memoryKiB(1024)
                .os(DomainOs.ofType("hvm")).build()).isInstanceOf(VirtException.class).hasMessageContaining("'/'");
    }
}
