package io.virtkit.esx.internal.vmx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.InterfaceDevice;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VmxCodecTest {
    private static final VmxFileNames ESX = new DatastorePathFileNames("[ds1] vm dir");

    @Test
    void readsASimpleGuest() {
        DomainDefinition def = VmxCodec.toDomain(VmxSamples.text("simple"), ESX);

        assertThat(def.type()).isEqualTo("vmware");
        assertThat(def.name()).isEqualTo("web-01");
        assertThat(def.uuid()).isEqualTo(UUID.fromString("421a7c03-5e11-482b-9d0e-6f778091a2b3"));
        assertThat(def.memoryKiB()).isEqualTo(1024 * 1024);
        assertThat(def.vcpus()).isEqualTo(2);
        assertThat(def.os().arch()).isEqualTo("x86_64");
        DiskDevice disk = def.devices().disks().get(0);
        assertThat(disk.source()).isEqualTo("[ds1] vm dir/web-01.vmdk");
        assertThat(disk.targetDev()).isEqualTo("sda");
        assertThat(def.devices().controllers()).singleElement()
                .satisfies(c -> assertThat(c.model()).isEqualTo("lsilogic"));
        InterfaceDevice nic = def.devices().interfaces().get(0);
        assertThat(nic.type()).isEqualTo(InterfaceDevice.Type.BRIDGE);
        assertThat(nic.source()).isEqualTo("VM Network");
        assertThat(nic.model()).isEqualTo("vmxnet3");
        assertThat(nic.mac()).isEqualTo("00:0c:29:5a:6b:7c");
        assertThat(def.devices().videos().get(0).vram()).isEqualTo(4096);
        assertThat(def.devices().filesystems()).singleElement().satisfies(fs -> {
            assertThat(fs.sourceDir()).isEqualTo("/srv/Geteilte Dateien");
            assertThat(fs.targetDir()).isEqualTo("share");
            assertThat(fs.readonly()).isTrue();
        });
    }

    @Test
    void readsControllersDisksAndNamesWithSpacesAndNonAscii() {
        DomainDefinition def = VmxCodec.toDomain(VmxSamples.text("controllers"), ESX);

        assertThat(def.name()).isEqualTo("Büro VM \"Q1\" 50%");
        assertThat(def.description()).isEqualTo("Kostenstelle 4711\nzweite Zeile mit | und \"");
        assertThat(def.currentMemoryKiB()).isEqualTo(1024 * 1024);
        assertThat(def.tuning().memtune().minGuaranteeKiB()).isEqualTo(512 * 1024);
        assertThat(def.vcpuSettings().cpuset()).isEqualTo("0-3,6");
        assertThat(def.cputune().shares()).isEqualTo(4 * 2000);
        VmxFile written = VmxCodec.toVmx(def, ESX, 8);
        assertThat(written.get("sched.cpu.affinity")).isEqualTo("0,1,2,3,6");
        assertThat(written.get("sched.cpu.shares")).isEqualTo("high");
        assertThat(written.get("sched.mem.minsize")).isEqualTo("512");
        assertThat(written.get("displayName")).isEqualTo("Büro VM |22Q1|22 50%25");
        assertThat(written.get("scsi0:8.fileName")).isEqualTo("/vmfs/volumes/Daten Speicher/Ablage Ordner/ärger.vmdk");
        assertThat(def.cpu().topology()).isEqualTo(new io.virtkit.model.domain.DomainCpu.Topology(2, 1, 2, 1));
        assertThat(def.os().firmware().firmware()).isEqualTo("efi");
        assertThat(def.devices().disks()).extracting(DiskDevice::targetDev)
                .containsExactly("sda", "sdh", "sdq", "hda", "hdb", "hdd", "fda", "fdb");
        assertThat(def.devices().disks()).extracting(DiskDevice::source).containsExactly(
                "[ds1] vm dir/Büro system.vmdk", "[Daten Speicher] Ablage Ordner/ärger.vmdk",
                "[iso store] Ubuntu 22.04.iso", null, null, "[ds1] vm dir/ide disk.vmdk", "[ds1] vm dir/boot.flp",
                "/dev/fd0");
        DiskDevice independent = def.devices().disks().get(1);
        assertThat(independent.transientDisk()).isTrue();
        assertThat(independent.driver().cache()).isEqualTo("writethrough");
        assertThat(independent.address()).isEqualTo(new DeviceAddress.Drive(0, 0, 0, 8));
        assertThat(def.devices().disks().get(2).address()).isEqualTo(new DeviceAddress.Drive(1, 0, 0, 1));
        assertThat(def.devices().disks().get(3).sourceDetail().startupPolicy()).isEqualTo("optional");
        assertThat(def.devices().controllers()).extracting(c -> c.type() + c.index() + ":" + c.model())
                .containsExactly("scsi0:vmpvscsi", "scsi1:lsisas1068", "fdc0:null", "ide0:null");
        assertThat(def.devices().interfaces()).extracting(InterfaceDevice::type).containsExactly(
                InterfaceDevice.Type.BRIDGE, InterfaceDevice.Type.USER, InterfaceDevice.Type.BRIDGE);
        InterfaceDevice custom = def.devices().interfaces().get(2);
        assertThat(custom.model()).isEqualTo("vmxnet2");
        assertThat(custom.targetDev()).isEqualTo("vmnet7");
        assertThat(custom.settings().host().macCheck()).isFalse();
        CharDevice network = def.devices().serials().get(2);
        assertThat(network.type()).isEqualTo(CharDevice.Type.TCP);
        assertThat(network.protocol()).isEqualTo("telnet");
        assertThat(network.sourceMode()).isEqualTo("connect");
        assertThat(def.devices().serials().get(0).sourcePath()).isEqualTo("[ds1] logs/serial 0.log");
        assertThat(def.devices().auxiliary().parallels()).extracting(CharDevice::targetPort).containsExactly(0, 2);
        GraphicsDevice vnc = def.devices().graphics().get(0);
        assertThat(vnc.port()).isEqualTo(5901);
        assertThat(vnc.listen()).isEqualTo("127.0.0.1");
        assertThat(vnc.keymap()).isEqualTo("de");
    }

    @Test
    void fillsLibvirtsDefaultsForMissingOptionalKeys() {
        DomainDefinition def = VmxCodec.toDomain(VmxSamples.text("minimal"), ESX);

        assertThat(def.uuid()).isEqualTo(new UUID(0, 0));
        assertThat(def.memoryKiB()).isEqualTo(32 * 1024);
        assertThat(def.vcpus()).isEqualTo(1);
        assertThat(def.os().arch()).isEqualTo("i686");
        assertThat(def.devices().disks()).isEmpty();
        assertThat(def.devices().videos()).hasSize(1);
        assertThat(VmxCodec.toVmx(def, ESX, 8).get("uuid.action")).isEqualTo("create");
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "controllers", "minimal"})
    void vmxToXmlToVmxIsStable(String sample) {
        DomainDefinition read = VmxCodec.toDomain(VmxSamples.text(sample), ESX);
        String xml = DomainXmlCodec.format(read, io.virtkit.api.XmlFlag.SECURE);
        DomainDefinition fromXml = DomainXmlCodec.parse(xml);

        String vmx = VmxCodec.toVmx(fromXml, ESX, 8).format();
        DomainDefinition again = VmxCodec.toDomain(vmx, ESX);

        assertThat(DomainXmlCodec.format(again, io.virtkit.api.XmlFlag.SECURE)).isEqualTo(xml);
        assertThat(VmxCodec.toVmx(again, ESX, 8).format()).isEqualTo(vmx);
    }

    @Test
    void writesEntriesInLibvirtsOrder() {
        DomainDefinition def = VmxCodec.toDomain(VmxSamples.text("simple"), ESX);

        VmxFile vmx = VmxCodec.toVmx(def, ESX, 8);

        assertThat(vmx.keys()).containsExactly(".encoding", "config.version", "virtualHW.version", "guestOS",
                "uuid.bios", "displayName", "memsize", "numvcpus", "scsi0.present", "scsi0.virtualDev",
                "scsi0:0.present", "scsi0:0.deviceType", "scsi0:0.fileName", "floppy0.present", "floppy1.present",
                "isolation.tools.hgfs.disable", "sharedFolder.maxNum", "sharedFolder0.present",
                "sharedFolder0.enabled", "sharedFolder0.readAccess", "sharedFolder0.writeAccess",
                "sharedFolder0.hostPath", "sharedFolder0.guestName",
                "ethernet0.present", "ethernet0.virtualDev", "ethernet0.networkName", "ethernet0.connectionType",
                "ethernet0.addressType", "ethernet0.generatedAddress", "ethernet0.generatedAddressOffset",
                "svga.vramSize", "pciBridge0.present", "pciBridge4.present", "pciBridge4.virtualDev",
                "pciBridge4.functions", "pciBridge5.present", "pciBridge5.virtualDev", "pciBridge5.functions",
                "pciBridge6.present", "pciBridge6.virtualDev", "pciBridge6.functions", "pciBridge7.present",
                "pciBridge7.virtualDev", "pciBridge7.functions", "vmci0.present");
        assertThat(vmx.get("uuid.bios")).isEqualTo("42 1a 7c 03 5e 11 48 2b-9d 0e 6f 77 80 91 a2 b3");
        assertThat(vmx.get("scsi0:0.fileName")).isEqualTo("/vmfs/volumes/ds1/vm dir/web-01.vmdk");
        assertThat(VmxCodec.toVmx(def, ESX, 4).keys()).doesNotContain("vmci0.present", "pciBridge0.present");
    }

    @Test
    void readsSataDisksButLikeLibvirtCannotWriteThem() {
        DomainDefinition def = VmxCodec.toDomain(VmxSamples.text("sata"), ESX);

        assertThat(def.devices().disks()).extracting(d -> d.targetDev() + "/" + d.targetBus() + "/" + d.device())
                .containsExactly("sda/sata/DISK", "sdb/sata/CDROM");
        assertThat(def.devices().controllers()).extracting(c -> c.type() + c.index()).containsExactly("sata0");
        assertThat(def.platform().genid()).isEqualTo("8987940a-0951-2cc5-dc6c-cdbb7e745dd5");
        assertThat(def.devices().interfaces().get(0).settings().host().macType()).isNull();
        assertRefused(() -> VmxCodec.toVmx(def, ESX, 13), ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: Unsupported bus type 'sata'");
    }

    @Test
    void refusesVmxLibvirtRefuses() {
        String base = "config.version = \"8\"\nvirtualHW.version = \"8\"\ndisplayName = \"x\"\n";
        assertParseRefused("config.version = \"7\"\nvirtualHW.version = \"8\"\n",
                "Expecting VMX entry 'config.version' to be 8 but found 7");
        assertParseRefused("virtualHW.version = \"8\"\n", "Missing essential config entry 'config.version'");
        assertParseRefused("config.version = \"8\"\nvirtualHW.version = \"3\"\n",
                "Expecting VMX entry 'virtualHW.version' to be 4 or higher but found 3");
        assertParseRefused("config.version = \"eight\"\n", "Config entry 'config.version' must represent an integer value");
        assertParseRefused(base + "memsize = \"30\"\n",
                "Expecting VMX entry 'memsize' to be an unsigned integer (multiple of 4) but found 30");
        assertParseRefused(base + "numvcpus = \"0\"\n",
                "Expecting VMX entry 'numvcpus' to be an unsigned integer greater than 0 but found 0");
        assertParseRefused(base + "uuid.bios = \"nope\"\n", "Could not parse UUID from string 'nope'");
        assertParseRefused(base + "firmware = \"bios\"\n", "VMX entry 'firmware' has unknown value 'bios'");
        assertParseRefused(base + "scsi0.present = \"yes\"\n",
                "Config entry 'scsi0.present' must represent a boolean value (true|false)");
        assertParseRefused(base + "scsi0.present = \"true\"\nscsi0.virtualDev = \"virtio-scsi\"\n",
                "Expecting VMX entry 'scsi0.virtualDev' to be 'buslogic' or 'lsilogic' or 'lsisas1068' or "
                        + "'pvscsi' but found 'virtio-scsi'");
        assertParseRefused(base + "ide0:0.present = \"true\"\nide0:0.fileName = \"x.img\"\n",
                "Invalid or not yet handled value 'x.img' for VMX entry 'ide0:0.fileName' for device type 'unknown'");
        assertParseRefused(base + "scsi0.present = \"true\"\nscsi0:0.present = \"true\"\n"
                + "scsi0:0.deviceType = \"ata-hardDisk\"\nscsi0:0.fileName = \"x.vmdk\"\n",
                "Expecting VMX entry 'scsi0:0.deviceType' to be 'scsi-hardDisk' or 'disk' but found 'ata-hardDisk'");
        assertParseRefused(base + "ethernet0.present = \"true\"\nethernet0.connectionType = \"hostonly\"\n",
                "No yet handled value 'hostonly' for VMX entry 'ethernet0.connectionType'");
        assertParseRefused(base + "ethernet0.present = \"true\"\nethernet0.connectionType = \"bridged\"\n",
                "Missing essential config entry 'ethernet0.networkName'");
        assertParseRefused(base + "ethernet0.present = \"true\"\nethernet0.virtualDev = \"virtio\"\n"
                + "ethernet0.networkName = \"n\"\n", "Expecting VMX entry 'ethernet0.virtualDev' to be 'vlance' or "
                + "'vmxnet' or 'vmxnet3' or 'e1000' or 'e1000e' but found 'virtio'");
        assertParseRefused(base + "ethernet0.present = \"true\"\nethernet0.networkName = \"n\"\n"
                + "ethernet0.addressType = \"random\"\n",
                "Expecting VMX entry 'ethernet0.addressType' to be 'generated' or 'static' or 'vpx' but found 'random'");
        assertParseRefused(base + "serial0.present = \"true\"\nserial0.fileType = \"network\"\n"
                + "serial0.fileName = \"telnet://h\"\n", "VMX entry 'serial0.fileName' doesn't contain a port part");
        // found by VmxFuzzTest: a serial device without its path gave a definition whose XML did not read back
        assertParseRefused(base + "serial1.present = \"true\"\n", "Missing essential config entry 'serial1.fileName'");
        assertParseRefused(base + "serial0.present = \"true\"\nserial0.fileType = \"pipe\"\n",
                "Missing essential config entry 'serial0.fileName'");
        assertParseRefused(base + "parallel0.present = \"true\"\nparallel0.fileType = \"pipe\"\n"
                + "parallel0.fileName = \"p\"\n",
                "Expecting VMX entry 'parallel0.fileType' to be 'device' or 'file' but found 'pipe'");
        assertParseRefused(base + "scsi0.present = \"true\"\nscsi0:0.present = \"true\"\n"
                + "scsi0:0.fileName = \"/vmfs/volumes/only.vmdk\"\n", "File name '/vmfs/volumes/only.vmdk' doesn't have "
                + "expected format '/vmfs/volumes/<datastore>/<path>'");
    }

    @Test
    void takesAnOldDiskDriverNameForTheScsiControllerModel() {
        String xml = DomainXmlCodec.format(VmxCodec.toDomain(VmxSamples.text("simple"), ESX))
                .replace("<controller type='scsi' index='0' model='lsilogic'/>", "")
                .replace("<source file='[ds1] vm dir/web-01.vmdk'/>",
                        "<driver name='BusLogic'/><source file='[ds1] vm dir/web-01.vmdk'/>");

        VmxFile vmx = VmxCodec.toVmx(DomainXmlCodec.parse(xml), ESX, 8);

        assertThat(vmx.get("scsi0.virtualDev")).isEqualTo("buslogic");
    }

    @Test
    void refusesAFileWithoutDisplayNameAsNoDefinitionHereLacksAName() {
        // libvirt shows such a file as XML without <name>, which no define accepts; here a definition has a name
        assertRefused(() -> VmxCodec.toDomain(VmxSamples.text("minimal").replace("displayName = \"bare\"\n", ""),
                ESX), ErrorCode.NO_NAME, "missing name information");
    }

    @Test
    void turnsFileNamesIntoDatastorePathsAndBack() {
        VmxFileNames names = new DatastorePathFileNames("[Daten Speicher] mein VM");

        assertThat(names.parse("disk 1.vmdk", false)).isEqualTo("[Daten Speicher] mein VM/disk 1.vmdk");
        assertThat(names.parse("/vmfs/volumes/iso store/a/b.iso", true)).isEqualTo("[iso store] a/b.iso");
        assertThat(names.parse("/usr/lib/vmware/isoimages/linux.iso", true))
                .isEqualTo("/usr/lib/vmware/isoimages/linux.iso");
        assertThat(names.format("[iso store] a/b.iso")).isEqualTo("/vmfs/volumes/iso store/a/b.iso");
        assertThat(names.format("/dev/cdrom")).isEqualTo("/dev/cdrom");
        assertThat(new DatastorePathFileNames(null).parse("x.vmdk", false)).isEqualTo("x.vmdk");
        assertRefused(() -> names.parse("C:relative\\x.vmdk", false), ErrorCode.INTERNAL_ERROR,
                "internal error: Could not handle file name 'C:relative\\x.vmdk'");
        assertRefused(() -> names.format("relative.vmdk"), ErrorCode.INTERNAL_ERROR,
                "internal error: Could not handle file name 'relative.vmdk'");
        assertRefused(() -> names.format("[ds]x.vmdk"), ErrorCode.INTERNAL_ERROR,
                "internal error: Datastore path '[ds]x.vmdk' doesn't have expected format '[<datastore>] <path>'");
    }

    private static void assertParseRefused(String vmx, String detail) {
        assertRefused(() -> VmxCodec.toDomain(vmx, ESX), ErrorCode.INTERNAL_ERROR, "internal error: " + detail);
    }

    @Test
    void refusesDefinitionsVmxCannotHold() {
        DomainDefinition simple = VmxCodec.toDomain(VmxSamples.text("simple"), ESX);
        String xml = DomainXmlCodec.format(simple);

        assertFormatRefused(xml.replace("<domain type='vmware'>", "<domain type='kvm'>"), ErrorCode.INTERNAL_ERROR,
                "internal error: Expecting virt type to be 'vmware' but found 'kvm'");
        assertFormatRefused(xml.replace("arch='x86_64'", "arch='aarch64'"), ErrorCode.INTERNAL_ERROR,
                "internal error: Expecting domain XML attribute 'arch' of entry 'os/type' to be 'i686' or 'x86_64' "
                        + "but found 'aarch64'");
        assertFormatRefused(xml.replace("</devices>", "<graphics type='spice'/></devices>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported graphics type 'spice'");
        assertFormatRefused(xml.replace("<interface type='bridge'>", "<interface type='network'>")
                .replace("<source bridge='VM Network'/>", "<source network='default'/>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported net type 'network'");
        assertFormatRefused(xml.replace("<model type='vmxnet3'/>", "<model type='virtio'/>"),
                ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML entry 'devices/interface/model' to "
                        + "be 'vlance' or 'vmxnet' or 'vmxnet2' or 'vmxnet3' or 'e1000' or 'e1000e' but found 'virtio'");
        assertFormatRefused(xml.replace("model='lsilogic'", "model='virtio-scsi'"), ErrorCode.INTERNAL_ERROR,
                "internal error: Expecting domain XML attribute 'model' of entry 'controller' to be 'buslogic' or "
                        + "'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found 'virtio-scsi'");
        assertFormatRefused(xml.replace("</os>", "</os><cpu><topology sockets='1' dies='1' cores='1' threads='2'/>"
                + "</cpu>"), ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Only 1 thread per core is "
                + "supported");
        assertFormatRefused(xml.replace("</os>", "</os><cpu><topology sockets='4' dies='1' cores='2' threads='1'/>"
                + "</cpu>"), ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML CPU sockets per core "
                + "as 2 but found 8");
        assertFormatRefused(xml.replace("<controller type='scsi' index='0' model='lsilogic'/>", "")
                .replace("<source file='[ds1] vm dir/web-01.vmdk'/>",
                        "<driver name='virtio-scsi'/><source file='[ds1] vm dir/web-01.vmdk'/>"),
                ErrorCode.INTERNAL_ERROR, "internal error: Expecting domain XML attribute 'model' of entry "
                        + "'controller' to be 'buslogic' or 'lsilogic' or 'lsisas1068' or 'vmpvscsi' but found "
                        + "'virtio-scsi'");
        assertFormatRefused(xml.replace("<source file='[ds1] vm dir/web-01.vmdk'/>",
                "<driver name='BusLogic'/><source file='[ds1] vm dir/web-01.vmdk'/>"), ErrorCode.INTERNAL_ERROR,
                "internal error: Inconsistent SCSI controller model ('BusLogic' is not 'lsilogic') for SCSI "
                        + "controller index 0");
        assertFormatRefused(xml.replace("<source file='[ds1] vm dir/web-01.vmdk'/>",
                "<driver name='floppy'/><source file='[ds1] vm dir/web-01.vmdk'/>"), ErrorCode.INTERNAL_ERROR,
                "internal error: Unknown driver name 'floppy'");
        assertFormatRefused(xml.replace("web-01.vmdk", "web-01.qcow2"), ErrorCode.INTERNAL_ERROR,
                "internal error: Image file for scsi disk 'sda' has unsupported suffix, expecting '.vmdk'");
        assertFormatRefused(xml.replace("<address type='drive' controller='0' bus='0' target='0' unit='0'/>",
                "<address type='drive' controller='0' bus='0' target='0' unit='3'/>"), ErrorCode.INTERNAL_ERROR,
                "internal error: Disk address 0:0:3 doesn't match target device 'sda'");
        assertFormatRefused(xml.replace("</devices>", "<serial type='pty'><target port='1'/></serial></devices>"),
                ErrorCode.CONFIG_UNSUPPORTED, "unsupported configuration: Unsupported character device type 'pty'");
    }

    private static void assertFormatRefused(String xml, ErrorCode code, String message) {
        DomainDefinition def = DomainXmlCodec.parse(xml);
        assertRefused(() -> VmxCodec.toVmx(def, ESX, 8), code, message);
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code,
            String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.getMessage()).isEqualTo(message);
            assertThat(e.code()).isEqualTo(code);
        });
    }
}
