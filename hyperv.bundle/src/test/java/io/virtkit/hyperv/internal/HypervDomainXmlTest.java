package io.virtkit.hyperv.internal;

import static io.virtkit.hyperv.internal.HypervCimFixtures.memory;
import static io.virtkit.hyperv.internal.HypervCimFixtures.nicConnection;
import static io.virtkit.hyperv.internal.HypervCimFixtures.nicPort;
import static io.virtkit.hyperv.internal.HypervCimFixtures.processor;
import static io.virtkit.hyperv.internal.HypervCimFixtures.rasd;
import static io.virtkit.hyperv.internal.HypervCimFixtures.serial;
import static io.virtkit.hyperv.internal.HypervCimFixtures.settings;
import static io.virtkit.hyperv.internal.HypervCimFixtures.storage;
import static io.virtkit.hyperv.internal.HypervCimFixtures.system;
import static io.virtkit.hyperv.internal.HypervCimFixtures.vswitch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** The domain XML built from hand-made settings, compared with what libvirt's hyperv driver writes. */
class HypervDomainXmlTest {

    private static final String GUID = "1D3A5E2C-0B7F-4E8A-9C61-2F4B8D7E6A10";
    private static final String IDE0 = "Microsoft:" + GUID + "\\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\\0";
    private static final String IDE1 = "Microsoft:" + GUID + "\\83F8638B-8DCA-4152-9EDA-2CA8B33039B4\\1";
    private static final String SCSI = "Microsoft:" + GUID + "\\C1E4A6D2-3F0B-4D5E-8A9C-7B2E1F0D3C4A";

    @Test
    void anOffVmWithDisksSerialAndNicReadsAsLibvirtWritesIt() {
        HypervVmComponents vm = new HypervVmComponents(system(GUID, "web \"01\"", 3, null),
                settings(GUID, "web \"01\"", "first line", "second"),
                List.of(processor(GUID, 2), memory(GUID, 1024),
                        rasd(IDE0, 5, "Microsoft:Hyper-V:Emulated IDE Controller", null, "0", null),
                        rasd(IDE1, 5, "Microsoft:Hyper-V:Emulated IDE Controller", null, "1", null),
                        rasd(SCSI, 6, "Microsoft:Hyper-V:Synthetic SCSI Controller", null, null, null),
                        rasd(IDE0 + "\\0\\D", 17, "Microsoft:Hyper-V:Synthetic Disk Drive", IDE0, null, "0"),
                        rasd(IDE1 + "\\1\\D", 16, "Microsoft:Hyper-V:Synthetic DVD Drive", IDE1, null, "1"),
                        rasd(SCSI + "\\3\\D", 17, "Microsoft:Hyper-V:Synthetic Disk Drive", SCSI, null, "3"),
                        storage(IDE0 + "\\0\\D\\L", "Microsoft:Hyper-V:Virtual Hard Disk", IDE0 + "\\0\\D",
                                "C:\\VMs\\web.vhdx"),
                        storage(IDE1 + "\\1\\D\\L", HypervDomainXml.CDROM_DISK, IDE1 + "\\1\\D", "C:\\iso\\a.iso"),
                        storage(SCSI + "\\3\\D\\L", "Microsoft:Hyper-V:Virtual Hard Disk", SCSI + "\\3\\D",
                                "C:\\VMs\\data.vhdx"),
                        serial("Microsoft:" + GUID + "\\COM1", 1, "\\\\.\\pipe\\web"),
                        serial("Microsoft:" + GUID + "\\COM2", 2, null),
                        nicPort("Microsoft:" + GUID + "\\NIC1", "00155D0A0B0C"),
                        nicConnection("Microsoft:" + GUID + "\\NIC1\\C", "Microsoft:" + GUID + "\\NIC1",
                                "5E1A2B3C-0000-4000-8000-000000000001")),
                List.of(vswitch("5E1A2B3C-0000-4000-8000-000000000001", "External \\ Switch")));

        assertThat(HypervDomainXml.xml(vm)).isEqualTo("""
                <domain type='hyperv'>
                  <name>web &quot;01&quot;</name>
                  <uuid>1d3a5e2c-0b7f-4e8a-9c61-2f4b8d7e6a10</uuid>
                  <description>first line

                second</description>
                  <memory unit='KiB'>1048576</memory>
                  <currentMemory unit='KiB'>1048576</currentMemory>
                  <vcpu placement='static'>2</vcpu>
                  <os>
                    <type>hvm</type>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='C:\\VMs\\web.vhdx'/>
                      <target dev='hda' bus='ide'/>
                      <address type='drive' controller='0' bus='0' target='0' unit='0'/>
                    </disk>
                    <disk type='file' device='cdrom'>
                      <source file='C:\\iso\\a.iso'/>
                      <target dev='hdd' bus='ide'/>
                      <address type='drive' controller='0' bus='1' target='0' unit='1'/>
                    </disk>
                    <disk type='file' device='disk'>
                      <source file='C:\\VMs\\data.vhdx'/>
                      <target dev='sdd' bus='scsi'/>
                      <address type='drive' controller='0' bus='0' target='0' unit='3'/>
                    </disk>
                    <controller type='ide' index='0'/>
                    <controller type='scsi' index='0'/>
                    <interface type='bridge'>
                      <mac address='00:15:5d:0a:0b:0c'/>
                      <source bridge='External \\ Switch'/>
                    </interface>
                    <serial type='pipe'>
                      <source path='\\\\.\\pipe\\web'/>
                      <target port='1'/>
                    </serial>
                    <serial type='pipe'>
                      <source path='-1'/>
                      <target port='2'/>
                    </serial>
                  </devices>
                </domain>
                """);
    }

    @Test
    void aRunningVmShowsItsWorkerProcessAsId() {
        HypervVmComponents vm = new HypervVmComponents(system(GUID, "web", 2, 4242), settings(GUID, "web"),
                List.of(processor(GUID, 1), memory(GUID, 512)), List.of());

        assertThat(HypervDomainXml.xml(vm)).startsWith("<domain type='hyperv' id='4242'>");
    }

    @Test
    void aSavedVmIsInactive() {
        HypervVmComponents vm = new HypervVmComponents(system(GUID, "web", 6, 4242), settings(GUID, "web"),
                List.of(processor(GUID, 1), memory(GUID, 512)), List.of());

        assertThat(HypervDomainXml.xml(vm)).startsWith("<domain type='hyperv'>");
    }

    @Test
    void aNicWithoutSwitchIsLeftOutAsLibvirtDoes() {
        HypervVmComponents vm = new HypervVmComponents(system(GUID, "web", 3, null), settings(GUID, "web"),
                List.of(processor(GUID, 1), memory(GUID, 512), nicPort("P", "00155D000001"),
                        nicConnection("P\\C", "P", null)), List.of());

        assertThat(HypervDomainXml.definition(vm).devices().interfaces()).isEmpty();
    }

    @Test
    void settingsWithoutMemoryAreLibvirtsError() {
        HypervVmComponents vm = new HypervVmComponents(system(GUID, "web", 3, null), settings(GUID, "web"),
                List.of(processor(GUID, 1)), List.of());

        assertThatThrownBy(() -> HypervDomainXml.xml(vm)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                .hasMessageContaining("Could not look up memory setting data with virtual system instance ID 'Microsoft:"
                        + GUID + "'");
    }

    @Test
    void diskNamesCountAsLibvirtDoes() {
        assertThat(HypervDomainXml.diskName("sd", 0)).isEqualTo("sda");
        assertThat(HypervDomainXml.diskName("sd", 25)).isEqualTo("sdz");
        assertThat(HypervDomainXml.diskName("sd", 26)).isEqualTo("sdaa");
        assertThat(HypervDomainXml.diskName("sd", 64)).isEqualTo("sdbm");
    }
}
