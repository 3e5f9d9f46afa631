package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuCommandLineTest.argv;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.assertUnsupported;
import static io.virtkit.qemu.internal.command.QemuCommandLineTest.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * The top-level elements outside {@code <devices>} on the command line ({@link QemuTopLevelArgs},
 * {@link QemuCpuArgs}) and what of them is refused at start ({@link QemuTopLevelSupport}).
 */
class QemuTopLevelArgsTest {

    /** A TCG guest of 4 vCPUs with {@code top} (elements before {@code <os>}) and {@code rest} (after it). */
    static String guest(String top, String os, String rest) {
        return "<domain type='qemu' xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><name>top</name>"
                + "<memory unit='MiB'>64</memory>" + top
                + "<os><type arch='x86_64' machine='pc'>hvm</type>" + os + "</os><features><acpi/></features>" + rest
                + "</domain>";
    }

    @Test
    void topologyCurrentVcpusAndCpuModelWithFeatures() {
        List<String> argv = argv(guest("<vcpu current='2'>4</vcpu>", "",
                "<cpu mode='custom' match='exact'><model fallback='forbid' vendor_id='VirtkitCPU!!'>qemu64</model>"
                        .replace("!!", "ab")
                        + "<topology sockets='1' dies='1' cores='2' threads='2'/><cache mode='emulate' level='3'/>"
                        + "<feature policy='require' name='sse4.2'/><feature policy='disable' name='svm'/></cpu>"));
        assertThat(values(argv, "-smp")).containsExactly("2,maxcpus=4,sockets=1,dies=1,cores=2,threads=2");
        assertThat(values(argv, "-cpu")).containsExactly(
                "qemu64,vendor=VirtkitCPUab,sse4.2=on,svm=off,l3-cache=on");
    }

    @Test
    void everyClockOffsetButTimezoneIsAnRtcBase() {
        assertThat(values(argv(guest("<vcpu>1</vcpu>", "", "<clock offset='absolute' start='86400'/>")), "-rtc"))
                .containsExactly("base=1970-01-02T00:00:00");
        assertThat(values(argv(guest("<vcpu>1</vcpu>", "", "<clock offset='utc' adjustment='reset'/>")), "-rtc"))
                .containsExactly("base=utc");
        // a numeric adjustment of a utc clock is a variable clock on a utc basis, as libvirt reads it
        assertThat(values(argv(guest("<vcpu>1</vcpu>", "", "<clock offset='utc' adjustment='60'/>")), "-rtc"))
                .singleElement().asString().matches("base=\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
    }

    @Test
    void migratableIsTheHostOrMaxCpusProperty() {
        assertThat(values(argv(guest("<vcpu>1</vcpu>", "", "<cpu mode='maximum' migratable='off'/>")), "-cpu"))
                .containsExactly("max,migratable=off");
    }

    @Test
    void theDefaultsStayAsBefore() {
        List<String> argv = argv(guest("<vcpu>2</vcpu>", "", ""));
        assertThat(values(argv, "-smp")).containsExactly("2,sockets=2,cores=1,threads=1");
        assertThat(values(argv, "-cpu")).isEmpty();
        assertThat(values(argv, "-boot")).containsExactly("strict=on");
        assertThat(values(argv, "-machine")).containsExactly("pc,accel=tcg,usb=off,dump-guest-core=off");
    }

    @Test
    void featuresMemoryTimersBootMenuSysinfoPmGenidIothreadsAndPassthrough() {
        String xml = guest("<genid>43dc0cf8-809b-4adb-9bea-a9abb5f3d90d</genid>"
                + "<memory dumpCore='on' unit='MiB'>64</memory>"
                + "<memoryBacking><nosharepages/><locked/><source type='memfd'/><access mode='shared'/>"
                + "<allocation mode='immediate' threads='2'/></memoryBacking>"
                + "<vcpu>1</vcpu><iothreads>2</iothreads><iothreadids><iothread id='2' thread_pool_max='4'/>"
                + "</iothreadids>"
                + "<sysinfo type='smbios'><bios><entry name='vendor'>Virt,kit</entry></bios><system>"
                + "<entry name='manufacturer'>Virtkit</entry><entry name='product'>Guest</entry></system>"
                + "<oemStrings><entry>one</entry><entry>two</entry></oemStrings></sysinfo>",
                "<bootmenu enable='yes' timeout='3000'/><smbios mode='sysinfo'/><bios rebootTimeout='0'/>",
                "").replace("<memory unit='MiB'>64</memory>", "")
                .replace("<features><acpi/></features>", "<features><acpi/><pmu state='off'/><vmport state='off'/>"
                        + "<smm state='on'/><vmcoreinfo state='on'/></features>"
                        + "<clock offset='localtime'><timer name='rtc' tickpolicy='catchup' track='guest'/>"
                        + "<timer name='hpet' present='no'/></clock>"
                        + "<pm><suspend-to-mem enabled='no'/><suspend-to-disk enabled='yes'/></pm>"
                        + "<qemu:commandline><qemu:arg value='-object'/><qemu:arg value='iothread,id=fromxml'/>"
                        + "<qemu:env name='VIRTKIT_TEST' value='1'/></qemu:commandline>");
        List<String> argv = argv(xml);
        assertThat(values(argv, "-machine")).containsExactly("pc,accel=tcg,usb=off,dump-guest-core=on,vmport=off,"
                + "smm=on,mem-merge=off,memory-backend=pc.ram,hpet=off");
        assertThat(values(argv, "-cpu")).containsExactly("qemu64,pmu=off");
        assertThat(values(argv, "-overcommit")).containsExactly("mem-lock=on");
        assertThat(values(argv, "-object")).containsExactly(
                "memory-backend-memfd,id=pc.ram,size=65536k,share=on,prealloc=on,prealloc-threads=2",
                "iothread,id=iothread2,thread-pool-max=4", "iothread,id=iothread1", "iothread,id=fromxml");
        assertThat(values(argv, "-rtc")).containsExactly("base=localtime,clock=vm,driftfix=slew");
        assertThat(values(argv, "-boot")).containsExactly("menu=on,splash-time=3000,reboot-timeout=0,strict=on");
        assertThat(values(argv, "-smbios")).containsExactly("type=0,vendor=Virt,,kit",
                "type=1,manufacturer=Virtkit,product=Guest", "type=11,value=one,value=two");
        assertThat(values(argv, "-global")).containsExactly("PIIX4_PM.disable_s3=1", "PIIX4_PM.disable_s4=0");
        assertThat(values(argv, "-device")).contains("vmgenid,guid=43dc0cf8-809b-4adb-9bea-a9abb5f3d90d,id=vmgenid0",
                "vmcoreinfo");
        assertThat(argv.subList(argv.size() - 2, argv.size())).containsExactly("-object", "iothread,id=fromxml");
        assertThat(QemuCommandLine.environment(DomainXmlCodec.parse(xml))).containsEntry("VIRTKIT_TEST", "1");
        assertThat(QemuCommandLine.taints(DomainXmlCodec.parse(xml))).containsExactly("custom-argv");
    }

    @Test
    void numaCellsGetABackendEachAndTheirDistances() {
        List<String> argv = argv(guest("<memoryBacking><access mode='shared'/></memoryBacking><vcpu>4</vcpu>", "",
                "<cpu><numa><cell id='0' cpus='0,2' memory='32' unit='MiB'><distances><sibling id='0' value='10'/>"
                        + "<sibling id='1' value='21'/></distances></cell><cell id='1' cpus='1,3' memory='32768' "
                        + "memAccess='private'/></numa></cpu>"));
        assertThat(values(argv, "-object")).containsExactly("memory-backend-ram,id=ram-node0,size=32768k,share=on",
                "memory-backend-ram,id=ram-node1,size=32768k,share=off");
        assertThat(values(argv, "-numa")).containsExactly("node,nodeid=0,cpus=0,cpus=2,memdev=ram-node0",
                "node,nodeid=1,cpus=1,cpus=3,memdev=ram-node1", "dist,src=0,dst=0,val=10", "dist,src=0,dst=1,val=21");
        assertThat(values(argv, "-machine").get(0)).doesNotContain("memory-backend");
    }

    @Test
    void tcgCacheDeprecationAndFwCfg() {
        List<String> argv = argv(guest("<vcpu>1</vcpu><sysinfo type='fwcfg'><entry name='opt/org.virtkit/a'>x,y"
                + "</entry></sysinfo>", "", "").replace("<features><acpi/></features>",
                "<features><acpi/><tcg><tb-cache unit='MiB'>64</tb-cache></tcg></features>"
                        + "<qemu:deprecation behavior='reject'/>"));
        assertThat(values(argv, "-machine")).containsExactly("pc,usb=off,dump-guest-core=off");
        assertThat(values(argv, "-accel")).containsExactly("tcg,tb-size=64");
        assertThat(values(argv, "-compat")).containsExactly("deprecated-input=reject,deprecated-output=hide");
        assertThat(values(argv, "-fw_cfg")).containsExactly("name=opt/org.virtkit/a,string=x,,y");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <memtune><hard_limit>1048576</hard_limit></memtune>   | <memtune> is not supported by the QEMU driver: it runs QEMU without cgroups
            <cputune><shares>100</shares></cputune>               | <cputune> is not supported by the QEMU driver: it runs QEMU without cgroups
            <numatune><memory nodeset='0'/></numatune>            | <numatune> is not supported by the QEMU driver: it runs QEMU without cgroups
            <blkiotune><weight>100</weight></blkiotune>           | <blkiotune> is not supported by the QEMU driver: it runs QEMU without cgroups
            <vcpu cpuset='0'>1</vcpu>                             | vcpu cpuset (pinning) is not supported by the QEMU driver: it runs QEMU without CPU affinity
            <vcpu>1</vcpu><vcpus><vcpu id='0' enabled='yes'/></vcpus> | <vcpus> (vCPU hotplug) is not supported by the QEMU driver
            <maxMemory slots='2' unit='MiB'>128</maxMemory>      | <maxMemory> (memory hotplug) is not supported by the QEMU driver: it has no NUMA guests yet
            <memoryBacking><hugepages/></memoryBacking>           | memory backing <hugepages> is not supported by the QEMU driver
            <sysinfo type='smbios'><bios><entry name='vendor'>x</entry></bios></sysinfo> | <sysinfo type='smbios'> is used only with <smbios mode='sysinfo'/> in <os>
            <memoryBacking><discard/></memoryBacking>             | memory backing <discard> is not supported by the QEMU driver
            <memoryBacking><source type='file'/></memoryBacking>  | memory backing source type 'file' is not supported by the QEMU driver
            <resource><partition>/machine</partition></resource>  | <resource> is not supported by the QEMU driver: it runs QEMU without cgroups
            <bootloader>/usr/bin/pygrub</bootloader>              | <bootloader> is not supported by the QEMU driver: it is Xen's
            """)
    void whatRunsWithoutCgroupsOrHostSupportIsRefusedAtStart(String top, String message) {
        assertUnsupported(guest(top.contains("<vcpu") ? top : top + "<vcpu>1</vcpu>", "", ""), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <features><acpi/><hyperv mode='custom'><relaxed state='on'/></hyperv></features> | feature 'hyperv' is not supported by the QEMU driver
            <features><acpi/><kvm><hidden state='on'/></kvm></features>  | feature 'kvm' is not supported by the QEMU driver
            <features><acpi/><xen><e820_host state='on'/></xen></features> | feature 'xen' is not supported by the QEMU driver
            <features><acpi/><msrs unknown='fail'/></features>          | feature 'msrs' is not supported by the QEMU driver
            <features><acpi/><gic version='3'/></features>               | feature 'gic' is not supported by the QEMU driver
            <features><acpi/><ioapic driver='kvm'/></features>           | ioapic driver 'kvm' is not supported by the QEMU driver: the guest's IOAPIC is QEMU's
            <features><acpi/><privnet/></features>                      | feature 'privnet' is not supported by the QEMU driver
            <features><acpi/><smm state='on'><tseg unit='MiB'>48</tseg></smm></features> | SMM TSEG is only supported with q35 machine type
            <features><acpi/></features><cpu><topology sockets='1' cores='3' threads='1'/></cpu> | CPU topology doesn't match maximum vcpu count
            <features><acpi/></features><cpu><numa><cell id='0' cpus='0' memory='32768'/></numa></cpu> | the NUMA cells' memory (32768 KiB) is not the domain's <memory> (65536 KiB)
            <features><acpi/></features><clock offset='utc'><timer name='tsc' frequency='1000000'/></clock> | timer frequency or mode is not supported by the QEMU driver
            <features><acpi/></features><clock offset='utc'><timer name='kvmclock'/></clock> | timer 'kvmclock' is not supported by the QEMU driver: it needs KVM
            <features><acpi/></features><on_lockfailure>poweroff</on_lockfailure> | <on_lockfailure> is not supported by the QEMU driver: it has no lock manager
            <features><acpi/></features><perf><event name='cmt' enabled='yes'/></perf> | perf event 'cmt' is not supported by the QEMU driver
            <features><acpi/></features><devices/><seclabel type='dynamic' model='selinux'/> | Unable to find security driver for model selinux: the QEMU driver has none
            <features><acpi/></features><devices/><launchSecurity type='s390-pv'/> | <launchSecurity> is not supported by the QEMU driver: it has no SEV or s390-pv
            """)
    void whatTcgCannotRunIsRefusedAtStart(String after, String message) {
        assertUnsupported(guest("<vcpu>2</vcpu>", "", "").replace("<features><acpi/></features>", after), message);
    }

    @Test
    void namesThatWouldBeOptionKeysAreRefused() {
        // a cell id is a number by the model's reading; its CPUs are a list QEMU splits
        assertUnsupported(guest("<vcpu>1</vcpu>", "", "<cpu><numa><cell id='0' cpus='0,x=y' memory='65536'/>"
                + "</numa></cpu>"), "invalid NUMA cell cpus '0,x=y'");
        // the typed model refuses these at define already: they never reach an option string
        assertXmlError(guest("<vcpu>1</vcpu><sysinfo type='smbios'><bios><entry name='vendor,file=/x'>v</entry>"
                + "</bios></sysinfo>", "<smbios mode='sysinfo'/>", ""), "unknown sysinfo bios entry 'vendor,file=/x'");
        assertXmlError(guest("<vcpu>1</vcpu>", "<acpi><table type='x,y=z'>/t</table></acpi>", ""),
                "Unknown acpi table type: x,y=z");
        assertXmlError(guest("<vcpu>1</vcpu><memoryBacking><allocation mode='immediate' threads='2,x=y'/>"
                + "</memoryBacking>", "", ""), "Invalid value for attribute 'threads' in element 'allocation'");
    }

    private static void assertXmlError(String xml, String message) {
        assertThatThrownBy(() -> DomainXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <os><type arch='x86_64' machine='pc'>hvm</type><nvram>/var/lib/vars.fd</nvram></os>   | <os><nvram> is not supported by the QEMU driver: no UEFI firmware is set up
            <os><type arch='x86_64' machine='pc'>hvm</type><loader type='pflash'>/f.fd</loader></os> | a pflash or secure loader is not supported by the QEMU driver: no UEFI firmware is set up
            <os><type arch='x86_64' machine='pc'>hvm</type><dtb>/boot/g.dtb</dtb></os>             | <os><dtb> is not supported by the QEMU driver
            <os><type arch='x86_64' machine='pc'>hvm</type><smbios mode='host'/></os>              | smbios mode 'host' is not supported by the QEMU driver
            """)
    void firmwareThisHostCannotGiveIsRefusedAtStart(String os, String message) {
        assertUnsupported(guest("<vcpu>1</vcpu>", "", "").replaceAll("<os>.*</os>", os), message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <qemu:capabilities><qemu:add capability='blockdev'/></qemu:capabilities> | <qemu:capabilities> is not supported by the QEMU driver
            <qemu:override><qemu:device alias='ua-x'/></qemu:override>            | <qemu:override> is not supported by the QEMU driver
            <devices/><keywrap><cipher name='aes' state='on'/></keywrap>          | <keywrap> is not supported by the QEMU driver: it is for s390 guests
            <devices/><seclabel type='none'/><launchSecurity type='sev'><policy>0x0003</policy></launchSecurity> | <launchSecurity> is not supported by the QEMU driver: it has no SEV or s390-pv
            """)
    void otherNamespacesAndSecurityAreRefusedAtStart(String rest, String message) {
        assertUnsupported(guest("<vcpu>1</vcpu>", "", rest), message);
    }

    @Test
    void uefiFirmwareIsRefusedWithoutFirmwareOnTheHost() {
        assertUnsupported(guest("<vcpu>1</vcpu>", "", "").replace("<os>", "<os firmware='efi'>"),
                "firmware 'efi' is not supported by the QEMU driver: no UEFI firmware is set up");
    }
}
