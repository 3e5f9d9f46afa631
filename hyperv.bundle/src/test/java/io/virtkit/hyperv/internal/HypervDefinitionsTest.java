package io.virtkit.hyperv.internal;

import static io.virtkit.hyperv.internal.HypervCimFixtures.instance;
import static io.virtkit.hyperv.internal.HypervCimFixtures.memory;
import static io.virtkit.hyperv.internal.HypervCimFixtures.path;
import static io.virtkit.hyperv.internal.HypervCimFixtures.processor;
import static io.virtkit.hyperv.internal.HypervCimFixtures.rasd;
import static io.virtkit.hyperv.internal.HypervCimFixtures.serial;
import static io.virtkit.hyperv.internal.HypervCimFixtures.settings;
import static io.virtkit.hyperv.internal.HypervCimFixtures.system;
import static io.virtkit.hyperv.internal.HypervCimFixtures.vswitch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.internal.wsman.CimInstance;

/** define and undefine call by call against a scripted host: what is sent, in which order, and the rollback. */
class HypervDefinitionsTest {

    private static final String NEW = "7A0C2E44-1B3D-4F5A-8E6B-9C0D1E2F3A4B";
    private static final String SWITCH = "5E1A2B3C-0000-4000-8000-000000000001";
    private static final String IDE0 = "Microsoft:" + NEW + "\\83F8638B\\0";
    private static final String IDE1 = "Microsoft:" + NEW + "\\83F8638B\\1";

    private static final String XML = """
            <domain type='hyperv'>
              <name>web "01" \\ x</name>
              <uuid>1d3a5e2c-0b7f-4e8a-9c61-2f4b8d7e6a10</uuid>
              <description>notes</description>
              <memory unit='KiB'>1047553</memory>
              <vcpu>2</vcpu>
              <os><type>hvm</type></os>
              <devices>
                <disk type='file' device='disk'><source file='C:\\VMs\\web.vhdx'/><target dev='hda' bus='ide'/></disk>
                <disk type='file' device='cdrom'><source file='C:\\iso\\a.iso'/><target dev='hdd' bus='ide'/></disk>
                <disk type='file' device='disk'><source file='C:\\VMs\\data.vhdx'/><target dev='sdd' bus='scsi'/></disk>
                <controller type='scsi' index='0'/>
                <interface type='bridge'><mac address='00:15:5d:0a:0b:0c'/><source bridge='External \\ Switch'/></interface>
                <serial type='pipe'><source path='\\\\.\\pipe\\web'/><target port='1'/></serial>
              </devices>
            </domain>
            """;

    private final RecordingWmi wmi = new RecordingWmi(NEW)
            .answer("FROM Msvm_VirtualSystemManagementService", List.of(instance("Msvm_VirtualSystemManagementService",
                    "CreationClassName", "Msvm_VirtualSystemManagementService", "Name", "vmms",
                    "SystemCreationClassName", "Msvm_ComputerSystem", "SystemName", HypervCimFixtures.HOST)))
            .answer("FROM Msvm_VirtualEthernetSwitch", List.of(vswitch(SWITCH, "External \\ Switch")))
            .answer("{Msvm_ComputerSystem", List.of(settings(NEW, "web")))
            .answer("{Msvm_VirtualSystemSettingData", List.of(processor(NEW, 1), memory(NEW, 512),
                    rasd(IDE0, 5, "Microsoft:Hyper-V:Emulated IDE Controller", null, "0", null),
                    rasd(IDE1, 5, "Microsoft:Hyper-V:Emulated IDE Controller", null, "1", null),
                    serial("Microsoft:" + NEW + "\\COM1", 1, null), serial("Microsoft:" + NEW + "\\COM2", 2, null)));
    private final HypervDefinitions definitions = new HypervDefinitions(wmi);

    @Test
    void defineSendsEachFamilyInOneCallFromTheTemplates() {
        DomainRef ref = definitions.define(XML, 0);

        assertThat(ref).isEqualTo(new DomainRef("web \"01\" \\ x", UUID.fromString(NEW), -1));
        assertThat(wmi.methods()).containsExactly("DefineSystem", "ModifyResourceSettings", "AddResourceSettings",
                "AddResourceSettings", "AddResourceSettings", "ModifyResourceSettings", "AddResourceSettings",
                "AddResourceSettings");
        CimInstance system = wmi.calls.get(0).embedded("SystemSettings").get(0);
        assertThat(system.get("ElementName")).isEqualTo("web \"01\" \\ x");
        assertThat(system.get("Notes")).isEqualTo("notes");
        assertThat(system.get("VirtualSystemSubType")).isEqualTo("Microsoft:Hyper-V:SubType:1");
        assertThat(wmi.calls.get(1).embedded("ResourceSettings")).extracting(c -> c.className() + "="
                + c.get("VirtualQuantity")).containsExactly("Msvm_ProcessorSettingData=2", "Msvm_MemorySettingData=1024");
        assertThat(wmi.calls.get(2).embedded("ResourceSettings")).extracting(c -> c.get("ResourceSubType"))
                .containsExactly(HypervVmSetup.SCSI_CONTROLLER);
        assertThat(wmi.calls.get(2).references("AffectedConfiguration").get(0).selectors())
                .containsEntry("InstanceID", "Microsoft:" + NEW);
        assertThat(wmi.calls.get(3).embedded("ResourceSettings")).extracting(c -> c.get("ResourceSubType"),
                c -> c.get("Parent"), c -> c.get("AddressOnParent")).containsExactly(
                        tuple(HypervVmSetup.DISK_DRIVE,
                                path("Msvm_ResourceAllocationSettingData", IDE0), "0"),
                        tuple(HypervVmSetup.DVD_DRIVE,
                                path("Msvm_ResourceAllocationSettingData", IDE1), "1"),
                        tuple(HypervVmSetup.DISK_DRIVE,
                                path("Msvm_ResourceAllocationSettingData", "Microsoft:" + NEW + "\\NEW0"), "3"));
        assertThat(wmi.calls.get(4).embedded("ResourceSettings")).extracting(c -> c.get("ResourceSubType"),
                c -> c.get("HostResource"), c -> c.get("Parent")).containsExactly(
                        tuple(HypervVmSetup.VHD, "C:\\VMs\\web.vhdx",
                                path("Msvm_ResourceAllocationSettingData", "Microsoft:" + NEW + "\\NEW1")),
                        tuple(HypervDomainXml.CDROM_DISK, "C:\\iso\\a.iso",
                                path("Msvm_ResourceAllocationSettingData", "Microsoft:" + NEW + "\\NEW2")),
                        tuple(HypervVmSetup.VHD, "C:\\VMs\\data.vhdx",
                                path("Msvm_ResourceAllocationSettingData", "Microsoft:" + NEW + "\\NEW3")));
        assertThat(wmi.calls.get(5).embedded("ResourceSettings")).extracting(c -> c.get("ElementName"),
                c -> c.get("Connection")).containsExactly(tuple("COM 1",
                        "\\\\.\\pipe\\web"));
        CimInstance port = wmi.calls.get(6).embedded("ResourceSettings").get(0);
        assertThat(port.get("Address")).isEqualTo("00155D0A0B0C");
        assertThat(port.get("StaticMacAddress")).isEqualTo("true");
        assertThat(port.cimType("StaticMacAddress")).isEqualTo("boolean"); // as WMI reads the embedded instance
        assertThat(wmi.calls.get(1).embedded("ResourceSettings").get(0).cimType("VirtualQuantity")).isEqualTo("uint64");
        CimInstance connection = wmi.calls.get(7).embedded("ResourceSettings").get(0);
        assertThat(connection.get("Parent")).isEqualTo(path("Msvm_SyntheticEthernetPortSettingData",
                "Microsoft:" + NEW + "\\NEW7"));
        assertThat(connection.get("HostResource")).isEqualTo(HypervObjects.switchPath(HypervCimFixtures.HOST, SWITCH));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aDefineFailingAfterDefineSystemDestroysTheNewVmAndReportsTheFirstError(int failingCall) {
        wmi.failCall(failingCall);

        assertThatThrownBy(() -> definitions.define(XML, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR)).hasMessageContaining("Invocation of ").hasMessageContaining(" returned an error: Failed (32768)");
        RecordingWmi.Call last = wmi.calls.get(wmi.calls.size() - 1);
        assertThat(last.method()).isEqualTo("DestroySystem");
        assertThat(last.references("AffectedSystem").get(0).selectors()).containsEntry("Name", NEW);
        assertThat(wmi.calls).hasSize(failingCall + 2);
    }

    @Test
    void anEmptyDvdDriveGetsADriveWithoutImage() {
        definitions.define(XML.replace("<source file='C:\\iso\\a.iso'/>", ""), 0);

        assertThat(wmi.calls.get(3).embedded("ResourceSettings")).extracting(c -> c.get("ResourceSubType"))
                .containsExactly(HypervVmSetup.DISK_DRIVE, HypervVmSetup.DVD_DRIVE, HypervVmSetup.DISK_DRIVE);
        assertThat(wmi.calls.get(4).embedded("ResourceSettings")).extracting(c -> c.get("HostResource"))
                .containsExactly("C:\\VMs\\web.vhdx", "C:\\VMs\\data.vhdx");
    }

    @Test
    void aFailedDefineSystemHasNothingToDestroy() {
        wmi.failCall(0);

        assertThatThrownBy(() -> definitions.define(XML, 0)).isInstanceOf(VirtException.class);
        assertThat(wmi.methods()).containsExactly("DefineSystem");
    }

    @Test
    void anExistingUuidOrNameIsRefusedBeforeAnythingIsMade() {
        wmi.answer("WHERE ElementName = ", List.of(system("0D0D0D0D-0000-4000-8000-000000000000", "web", 3, null)));

        assertThatThrownBy(() -> definitions.define(XML, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DOM_EXIST))
                .hasMessageContaining("Domain already exists with name 'web \"01\" \\ x'");
        assertThat(wmi.calls).isEmpty();
        assertThat(wmi.queries.get(1)).contains("ElementName = \"web \\\"01\\\" \\\\ x\"");
    }

    @Test
    void anUnknownSwitchIsRefusedBeforeAnythingIsMade() {
        String xml = XML.replace("External \\ Switch", "nowhere");

        assertThatThrownBy(() -> definitions.define(xml, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("Could not attach network 0: no virtual switch 'nowhere'");
        assertThat(wmi.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<domain type='kvm'>|unexpected domain type kvm, expecting hyperv",
        "<serial type='pipe'>|<serial type='pty'>|serial type 'pty' is not supported",
        "<target port='1'/>|<target port='3'/>|Hyper-V has COM 1 and COM 2",
        "<interface type='bridge'><mac address='00:15:5d:0a:0b:0c'/><source bridge='External \\ Switch'/>|"
                + "<interface type='network'><mac address='00:15:5d:0a:0b:0c'/><source network='default'/>|"
                + "interface type 'network' is not supported",
        "<disk type='file' device='disk'><source file='C:\\VMs\\web.vhdx'/><target dev='hda' bus='ide'/>|"
                + "<disk type='block' device='disk'><source dev='/dev/sda'/><target dev='hda' bus='ide'/>|"
                + "physical (block) disks are not supported",
        "<target dev='hdd' bus='ide'/>|<target dev='hde' bus='ide'/>|Hyper-V has one IDE controller",
        "<target dev='sdd' bus='scsi'/>|<target dev='vda' bus='virtio'/>|Unsupported controller type",
        "<os><type>hvm</type></os>|<os firmware='efi'><type>hvm</type></os>|a generation 2 (efi) VM has no IDE",
    })
    void whatHyperVCannotHoldIsRefusedBeforeAnyCall(String change) {
        String[] parts = change.split("\\|");
        String xml = parts.length == 2 ? XML.replace("<domain type='hyperv'>", parts[0])
                : XML.replace(parts[0], parts[1]);

        assertThatThrownBy(() -> definitions.define(xml, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining(parts[parts.length - 1]);
        assertThat(wmi.queries).isEmpty();
        assertThat(wmi.calls).isEmpty();
    }

    @Test
    void undefineOfASavedVmNeedsTheManagedSaveFlag() {
        wmi.answer("FROM Msvm_ComputerSystem WHERE Name", List.of(system(NEW, "web", 6, null)));
        DomainRef ref = new DomainRef("web", UUID.fromString(NEW), -1);

        assertThatThrownBy(() -> definitions.undefine(ref, 0)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID))
                .hasMessageContaining("Refusing to undefine while domain managed save image exists");
        assertThat(wmi.calls).isEmpty();

        definitions.undefine(ref, HypervDefinitions.UNDEFINE_MANAGED_SAVE);
        assertThat(wmi.methods()).containsExactly("DestroySystem");
        assertThat(wmi.calls.get(0).references("AffectedSystem").get(0).selectors()).containsEntry("Name", NEW);
    }

    @Test
    void undefineOfAnUnknownVmIsNoDomain() {
        assertThatThrownBy(() -> definitions.undefine(new DomainRef("x", UUID.fromString(NEW), -1), 0))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
        assertThat(wmi.calls).isEmpty();
    }
}
