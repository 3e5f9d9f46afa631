package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The top-level elements outside {@code <devices>} read into typed values (issue 11): the {@code <os>}
 * firmware and extras, sysinfo, tuning, platform, security and the drivers' namespaces, each value as written in
 * the samples, written back in libvirt's form, and {@link DomainDefinition#elements()} left with none of them.
 */
class TopLevelTypedXmlTest {

    @Test
    void osFirmwareSysinfoPlatformAndQemuNamespaceAreTyped() {
        DomainDefinition def = DomainXmlCodec.parse(DomainXmlCodecTest.resource("family-os-sysinfo.xml"));
        OsFirmware fw = def.os().firmware();
        assertThat(fw.firmware()).isEqualTo("efi");
        assertThat(fw.features()).containsExactly(new OsFirmware.Feature("enrolled-keys", true),
                new OsFirmware.Feature("secure-boot", false));
        assertThat(fw.loader()).isEqualTo(new OsFirmware.Loader("/usr/share/OVMF/OVMF_CODE.fd", true, false, "pflash",
                false));
        assertThat(fw.nvram()).isEqualTo(new OsFirmware.Nvram("/usr/share/OVMF/OVMF_VARS.fd",
                "/var/lib/virtkit/nvram/vars.fd", null, null));
        assertThat(fw.bootMenu()).isTrue();
        assertThat(fw.bootMenuTimeout()).isEqualTo(3000);
        assertThat(fw.smbiosMode()).isEqualTo("sysinfo");
        assertThat(fw.biosUseSerial()).isTrue();
        assertThat(fw.biosRebootTimeout()).isEqualTo(-1);
        assertThat(fw.acpiTables()).containsExactly(new OsFirmware.AcpiTable("slic", "/var/lib/virtkit/acpi/slic.dat"));
        assertThat(def.os().dtb()).isEqualTo("/boot/guest.dtb");
        assertThat(def.os().root()).isEqualTo("/dev/vda1");

        assertThat(def.sysinfo()).hasSize(2);
        DomainSysinfo smbios = def.sysinfo().get(0);
        assertThat(smbios.blocks()).extracting(DomainSysinfo.Block::name)
                .containsExactly("bios", "system", "baseBoard", "baseBoard", "chassis", "oemStrings");
        assertThat(smbios.blocks("baseBoard").get(0).entries().get(0))
                .isEqualTo(new DomainSysinfo.Entry("manufacturer", null, "Board & Co"));
        assertThat(smbios.blocks("oemStrings").get(0).entries()).extracting(DomainSysinfo.Entry::value)
                .containsExactly("myappname:some arbitrary data", "otherappname:more arbitrary data");
        assertThat(def.sysinfo().get(1).entries()).containsExactly(
                new DomainSysinfo.Entry("opt/com.example/name", null, "example value"),
                new DomainSysinfo.Entry("opt/com.example/config", "/tmp/provision.ign", null));

        DomainPlatform p = def.platform();
        assertThat(p.genid()).isEqualTo("43dc0cf8-809b-4adb-9bea-a9abb5f3d90d");
        assertThat(p.bootloader()).isEqualTo("/usr/bin/pygrub");
        assertThat(p.bootloaderArgs()).isEqualTo("--append single");
        assertThat(p.onLockfailure()).isEqualTo("pause");
        assertThat(p.suspendToMem()).isTrue();
        assertThat(p.suspendToDisk()).isFalse();
        assertThat(p.perfEvents()).containsExactly(new DomainPlatform.PerfEvent("cmt", true),
                new DomainPlatform.PerfEvent("instructions", false));

        DomainNamespaces n = def.namespaces();
        assertThat(n.qemuArgs()).containsExactly("-newarg", "parameter & more");
        assertThat(n.qemuEnv()).containsExactly(new DomainNamespaces.Env("QEMU_ENV", "1"),
                new DomainNamespaces.Env("EMPTY", null));
        assertThat(n.qemuCapabilities()).isEqualTo(new DomainNamespaces.QemuCapabilities(List.of("blockdev"),
                List.of("drive")));
        assertThat(n.qemuOverrides()).hasSize(2);
        assertThat(n.qemuOverrides().get(0).frontend()).hasSize(5)
                .contains(new DomainNamespaces.QemuProperty("prop5", "remove", null));
        assertThat(n.qemuOverrides().get(1)).isEqualTo(new DomainNamespaces.QemuDeviceOverride("ua-net", null));
        assertThat(n.qemuDeprecation()).isEqualTo("reject");
        assertThat(def.elements()).isEmpty();
    }

    @Test
    void tuningSecurityAndOtherNamespacesAreTyped() {
        DomainDefinition def = DomainXmlCodec.parse(DomainXmlCodecTest.resource("family-tuning-security.xml"));
        DomainTuning t = def.tuning();
        assertThat(t.memtune()).isEqualTo(new DomainTuning.MemTune(1048576L, 524288L, 65536L, 9007199254740991L));
        assertThat(t.blkiotune().weight()).isEqualTo(800);
        assertThat(t.blkiotune().devices()).containsExactly(
                new DomainTuning.BlkioDevice("/dev/sda", 1000, 20000L, 10000L, 30000L, 40000L),
                new DomainTuning.BlkioDevice("/dev/sdb", 500, null, null, null, null));
        assertThat(t.numatune()).isEqualTo(new DomainTuning.NumaTune(
                new DomainTuning.NumaMemory("interleave", "0-1", "static"),
                List.of(new DomainTuning.MemNode(0, "strict", "0"), new DomainTuning.MemNode(1, "restrictive", "1"))));
        assertThat(t.memoryBacking()).isEqualTo(new DomainTuning.MemoryBacking(List.of(
                new DomainTuning.HugePage(2048, "0"), new DomainTuning.HugePage(1048576, "1")), true, true, "file",
                "private", "ondemand", 4, true));
        assertThat(t.resource()).isEqualTo(new DomainTuning.Resource("/machine/production", "userId-vm1"));

        DomainSecurity s = def.security();
        assertThat(s.seclabels()).containsExactly(
                new DomainSecurity.SecLabel("dynamic", "selinux", true, "system_u:system_r:svirt_t:s0:c1,c2",
                        "system_u:object_r:svirt_image_t:s0:c1,c2", "system_u:system_r:svirt_t:s0"),
                new DomainSecurity.SecLabel("static", "dac", false, "107:107", null, null),
                new DomainSecurity.SecLabel("none", "apparmor", null, null, null, null));
        assertThat(s.keywrap()).containsExactly(new DomainSecurity.Cipher("aes", true),
                new DomainSecurity.Cipher("dea", false));
        assertThat(s.launchSecurity()).isEqualTo(new DomainSecurity.LaunchSecurity("sev", true, 47L, 1L, "0x0033", 1L,
                "RBBBSDDD=FDDCCCDDDG", "AAACCCDD=FFFCCCDSDS"));

        OsFirmware.Nvram nvram = def.os().firmware().nvram();
        assertThat(nvram.type()).isEqualTo("network");
        assertThat(nvram.source().protocol()).isEqualTo("iscsi");
        assertThat(nvram.source().hosts()).containsExactly(new DiskHost("example.com", "6000", null, null));
        assertThat(nvram.source().auth()).isEqualTo(new DiskAuth("myname", "iscsi", "mycluster_myname", null));
        assertThat(def.os().firmware().loader()).isEqualTo(new OsFirmware.Loader(null, null, null, "rom", null));
        assertThat(def.platform().genid()).isEmpty();
        assertThat(def.platform().bootloader()).isEmpty();

        assertThat(def.namespaces().bhyveArgs()).containsExactly("-somebhyvearg");
        assertThat(def.namespaces().xenArgs()).containsExactly("-somexenarg");
        assertThat(def.namespaces().vmwareDatacenterPath()).isEqualTo("folder1/datacenter1");
        assertThat(def.elements()).isEmpty();

        String xml = DomainXmlCodec.format(def);
        assertThat(xml).contains("<hard_limit unit='KiB'>1048576</hard_limit>",
                "<swap_hard_limit unit='KiB'>9007199254740991</swap_hard_limit>",
                "<page size='2048' unit='KiB' nodeset='0'/>", "<genid/>", "<bootloader/>",
                "xmlns:bhyve='http://libvirt.org/schemas/domain/bhyve/1.0'",
                "<launchSecurity type='sev' kernelHashes='yes'>");
    }

    @Test
    void containerInitExtrasAndLxcNamespaceAreTyped() {
        DomainDefinition def = DomainXmlCodec.parse(DomainXmlCodecTest.resource("family-os-init-lxc.xml"));
        assertThat(def.os().initDir()).isEqualTo("/srv");
        assertThat(def.os().initUser()).isEqualTo("nobody");
        assertThat(def.os().initGroup()).isEqualTo("nogroup");
        assertThat(def.namespaces().lxcNamespace()).isEqualTo(new DomainNamespaces.LxcNamespace(
                new DomainNamespaces.LxcShare("netns", "red"), new DomainNamespaces.LxcShare("pid", "12345"),
                new DomainNamespaces.LxcShare("name", "container1")));
        assertThat(DomainXmlCodec.format(def)).contains("xmlns:lxc='http://libvirt.org/schemas/domain/lxc/1.0'",
                "<lxc:sharenet type='netns' value='red'/>");
    }

    @Test
    void theFormerConstructorsStillWork() {
        DomainOs os = new DomainOs("hvm", null, null, List.of("hd"), null, null, null, null, List.of(), List.of());
        assertThat(os.firmware()).isNull();
        DomainDefinition def = DomainDefinition.of("kvm", "vm", 1024, 1, os);
        DomainDefinition copy = new DomainDefinition(def.type(), def.name(), def.uuid(), null, null, 1024, 1024, 1,
                "static", os, def.features(), null, def.clock(), def.onPoweroff(), def.onReboot(), def.onCrash(),
                def.devices(), null, null, List.of());
        assertThat(copy).isEqualTo(def);
        assertThat(copy.tuning()).isNull();
        assertThat(copy.sysinfo()).isEmpty();
    }

    @Test
    void recordsBuiltInCodeAreCheckedAsTheXmlIs() {
        assertThatThrownBy(() -> new OsFirmware.Loader(null, null, null, "flash", null)).isInstanceOfSatisfying(
                VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR));
        assertThatThrownBy(() -> new DomainTuning.BlkioTune(1001, List.of())).isInstanceOf(VirtException.class)
                .hasMessageContaining("could not parse weight 1001");
        assertThatThrownBy(() -> new DomainSysinfo.Block("chassis", List.of(
                new DomainSysinfo.Entry("product", null, "x")))).hasMessageContaining("unknown sysinfo chassis entry");
        assertThatThrownBy(() -> new DomainPlatform("", null, null, "explode", null, null, null))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
        assertThatThrownBy(() -> new DomainNamespaces.LxcShare("file", "x")).isInstanceOf(VirtException.class);
        assertThat(new DomainSecurity(List.of(new DomainSecurity.SecLabel("none", null, null, null, null, null)), null,
                null).modelNeedingDriver()).isNull();
        assertThat(new DomainSecurity(List.of(new DomainSecurity.SecLabel(null, null, null, null, null, null)), null,
                null).modelNeedingDriver()).isEqualTo("(default)");
    }

    private static String vm(String top, String os) {
        return "<domain type='kvm'><name>vm</name><memory>1024</memory>" + top + "<os><type>hvm</type>" + os
                + "</os></domain>";
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            <sysinfo type='smbios'><bios><entry name='serial'>x</entry></bios></sysinfo> | | unknown sysinfo bios entry 'serial'
            <sysinfo type='other'/>                                 |                     | unknown sysinfo type 'other'
            <memtune><hard_limit>x</hard_limit></memtune>           |                     | Invalid value 'x'
            <blkiotune><weight>1001</weight></blkiotune>            |                     | could not parse weight 1001
            <blkiotune><device><weight>5</weight></device></blkiotune> |                  | missing device path for blkiotune
            <numatune><memory mode='odd'/></numatune>               |                     | Unsupported memory mode 'odd'
            <numatune><memnode cellid='0' mode='strict'/></numatune> |                    | Missing required nodeset attribute in memnode element
            <memoryBacking><source type='rom'/></memoryBacking>     |                     | Invalid value for attribute 'type' in element 'source': 'rom'.
            <memoryBacking><hugepages><page size='0'/></hugepages></memoryBacking> |      | hugepage size can't be zero
            <resource/>                                             |                     | missing element or attribute './partition
            <genid>not-a-uuid</genid>                               |                     | malformed genid element
            <perf><event name='cmt' enabled='yes'/><event name='cmt' enabled='no'/></perf> | | perf event 'cmt' was already specified
            <seclabel type='static'/>                               |                     | security label is missing
            <keywrap><cipher name='aes'/></keywrap>                 |                     | missing state for cipher named aes
            <launchSecurity type='sev'/>                            |                     | failed to get launch security policy
                                                                    | <bootmenu enable='yes' timeout='70000'/> | invalid value for boot menu timeout, must be in range [0,65535]
                                                                    | <bios rebootTimeout='-2'/> | invalid value for rebootTimeout, must be in range [-1,65535]
                                                                    | <firmware><feature enabled='yes' name='x'/></firmware> | invalid firmware feature name 'x'
                                                                    | <loader type='flash'/> | Invalid value for attribute 'type' in element 'loader': 'flash'.
            """)
    void invalidValuesAreRefusedAtDefine(String top, String os, String message) {
        String xml = vm(top == null ? "" : top, os == null ? "" : os);
        assertThatThrownBy(() -> DomainXmlCodec.parse(xml)).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.getMessage()).contains(message));
    }

    @Test
    void anNvramSourceKeepsWhatADiskSourceHoldsAndOtherTypesAreRefused() {
        // an NVRAM's <source> is a disk source: its settings (seclabel, timeout …) are kept as a disk's are
        DomainDefinition labelled = DomainXmlCodec.parse(vm("", "<nvram type='file'><source file='/var/lib/vars.fd'>"
                + "<seclabel relabel='no'/></source></nvram>"));
        assertThat(DomainXmlCodec.format(labelled)).contains("<seclabel relabel='no'/>");
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(labelled))).isEqualTo(labelled);
        assertThatThrownBy(() -> DomainXmlCodec.parse(vm("", "<nvram type='dir'><source dir='/v'/></nvram>")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.getMessage()).contains("unsupported nvram disk type 'dir'");
                });
        DomainDefinition noSource = DomainXmlCodec.parse(vm("", "<nvram type='file'/>"));
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(noSource))).isEqualTo(noSource);
        assertThat(DomainXmlCodec.format(noSource)).contains("<nvram type='file'/>");
        DomainDefinition def = DomainXmlCodec.parse(vm("", "<nvram type='block'><source dev='/dev/vars'/></nvram>"));
        assertThat(def.os().firmware().nvram().source().path()).isEqualTo("/dev/vars");
        assertThat(DomainXmlCodec.format(def)).contains("<nvram type='block'>", "<source dev='/dev/vars'/>");
    }
}
