package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;
import io.virtkit.model.domain.DomainXmlCodec;

class QemuCommandLineTest {

    static final String EMU = "/usr/bin/qemu-system-x86_64";
    static final Path MON = Path.of("/run/virtkit/qemu/dom/monitor.sock");
    static final String UUID = "c7a5fdbd-edaf-9455-926a-d65c16db1809";

    static String domain(String type, String name, String os, String devices) {
        return "<domain type='" + type + "'><name>" + name + "</name><uuid>" + UUID + "</uuid>"
                + "<memory unit='KiB'>219136</memory><vcpu>1</vcpu>" + "<os>" + os + "</os>"
                + "<devices>" + devices + "</devices></domain>";
    }

    static String hvm(String devices) {
        return domain("qemu", "guest", "<type arch='x86_64' machine='pc'>hvm</type>", devices);
    }

    static List<String> argv(String xml) {
        return QemuCommandLine.build(DomainXmlCodec.parse(xml), EMU, MON);
    }

    /** The values of every occurrence of {@code option}. */
    static List<String> values(List<String> argv, String option) {
        List<String> out = new ArrayList<>();
        for (int n = 0; n < argv.size() - 1; n++) {
            if (argv.get(n).equals(option)) {
                out.add(argv.get(n + 1));
            }
        }
        return out;
    }

    /**
     * Splits an option string as QEMU's parsers do: a single comma ends a value, a doubled comma is a literal
     * comma. The first element without '=' is returned under the key "".
     */
    static Map<String, String> parseOption(String opt) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < opt.length(); i++) {
            char c = opt.charAt(i);
            if (c == ',') {
                if (i + 1 < opt.length() && opt.charAt(i + 1) == ',') {
                    cur.append(',');
                    i++;
                    continue;
                }
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        for (int i = 0; i < parts.size(); i++) {
            String p = parts.get(i);
            int eq = p.indexOf('=');
            if (i == 0 && eq < 0) {
                out.put("", p);
            } else {
                assertThat(eq).as("segment '%s' of '%s' has a key", p, opt).isPositive();
                assertThat(out).as("duplicate key in '%s'", opt).doesNotContainKey(p.substring(0, eq));
                out.put(p.substring(0, eq), p.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void minimalDomainGoldenArgv() {
        List<String> argv = argv(hvm(""));
        assertThat(argv).containsExactly(EMU,
                "-name", "guest=guest,debug-threads=on",
                "-S",
                "-machine", "pc,accel=tcg,usb=off,dump-guest-core=off,acpi=off",
                "-m", "size=219136k",
                "-smp", "1,sockets=1,cores=1,threads=1",
                "-uuid", UUID,
                "-display", "none",
                "-no-user-config",
                "-nodefaults",
                "-chardev", "socket,id=charmonitor,path=/run/virtkit/qemu/dom/monitor.sock,server=on,wait=off",
                "-mon", "chardev=charmonitor,id=monitor,mode=control",
                "-rtc", "base=utc",
                "-boot", "strict=on",
                "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
                "-msg", "timestamp=on");
    }

    @Test
    void richDomainGoldenArgv() {
        String xml = """
                <domain type='kvm'>
                  <name>rich</name><uuid>%s</uuid>
                  <memory unit='MiB'>512</memory><vcpu>4</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc-i440fx-7.2'>hvm</type>
                    <kernel>/boot/vmlinuz</kernel><initrd>/boot/initrd.img</initrd>
                    <cmdline>console=ttyS0 root=/dev/vda, quiet</cmdline>
                    <boot dev='cdrom'/><boot dev='hd'/>
                  </os>
                  <features><acpi/><apic/></features>
                  <cpu mode='host-passthrough'/>
                  <clock offset='localtime'/>
                  <on_reboot>destroy</on_reboot>
                  <devices>
                    <disk type='file' device='disk'>
                      <driver name='qemu' type='qcow2'/><source file='/var/lib/images/rich.qcow2'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <disk type='block' device='disk'>
                      <source dev='/dev/sdz'/><target dev='hdb' bus='ide'/>
                    </disk>
                    <disk type='file' device='cdrom'>
                      <source file='/isos/install.iso'/><target dev='hdc' bus='ide'/><readonly/>
                    </disk>
                    <interface type='user'><mac address='52:54:00:AA:bb:01'/><model type='virtio'/></interface>
                    <serial type='pty'><target port='0'/></serial>
                    <console type='pty'><target type='serial' port='0'/></console>
                    <graphics type='vnc' port='5901' listen='0.0.0.0'/>
                  </devices>
                </domain>""".formatted(UUID);
        assertThat(argv(xml)).containsExactly(EMU,
                "-name", "guest=rich,debug-threads=on",
                "-S",
                "-machine", "pc-i440fx-7.2,accel=kvm,usb=off,dump-guest-core=off",
                "-cpu", "host",
                "-m", "size=524288k",
                "-smp", "4,sockets=4,cores=1,threads=1",
                "-uuid", UUID,
                "-no-user-config",
                "-nodefaults",
                "-chardev", "socket,id=charmonitor,path=/run/virtkit/qemu/dom/monitor.sock,server=on,wait=off",
                "-mon", "chardev=charmonitor,id=monitor,mode=control",
                "-rtc", "base=localtime",
                "-no-reboot",
                "-boot", "strict=on",
                "-kernel", "/boot/vmlinuz",
                "-initrd", "/boot/initrd.img",
                "-append", "console=ttyS0 root=/dev/vda, quiet",
                "-blockdev", "driver=file,filename=/var/lib/images/rich.qcow2,node-name=libvirt-3-storage,read-only=off",
                "-blockdev", "node-name=libvirt-3-format,read-only=off,driver=qcow2,file=libvirt-3-storage",
                "-device", "virtio-blk-pci,bus=pci.0,addr=0x3,drive=libvirt-3-format,id=virtio-disk0,bootindex=2",
                "-blockdev", "driver=host_device,filename=/dev/sdz,node-name=libvirt-2-storage,read-only=off",
                "-blockdev", "node-name=libvirt-2-format,read-only=off,driver=raw,file=libvirt-2-storage",
                "-device", "ide-hd,bus=ide.0,unit=1,drive=libvirt-2-format,id=ide0-0-1",
                "-blockdev", "driver=file,filename=/isos/install.iso,node-name=libvirt-1-storage,read-only=on",
                "-blockdev", "node-name=libvirt-1-format,read-only=on,driver=raw,file=libvirt-1-storage",
                "-device", "ide-cd,bus=ide.1,unit=0,drive=libvirt-1-format,id=ide0-1-0,bootindex=1",
                "-netdev", "user,id=hostnet0",
                "-device", "virtio-net-pci,netdev=hostnet0,id=net0,mac=52:54:00:aa:bb:01,bus=pci.0,addr=0x4",
                "-chardev", "pty,id=charserial0",
                "-device", "isa-serial,chardev=charserial0,id=serial0,index=0",
                "-vnc", "0.0.0.0:1",
                "-device", "VGA,id=video0,bus=pci.0,addr=0x2",
                "-sandbox", "on,obsolete=deny,elevateprivileges=deny,spawn=deny,resourcecontrol=deny",
                "-msg", "timestamp=on");
    }

    @Test
    void emptyCdromHasADriveSlotButNoBlockdev() {
        List<String> argv = argv(hvm("<disk type='file' device='cdrom'><target dev='hdd'/></disk>"));
        assertThat(values(argv, "-blockdev")).isEmpty();
        assertThat(values(argv, "-device")).containsExactly("ide-cd,bus=ide.1,unit=1,id=ide0-1-1");
    }

    @Test
    void scsiDisksGetOneVirtioScsiController() {
        List<String> argv = argv(hvm(
                "<disk type='file'><source file='/a.img'/><target dev='sda' bus='scsi'/><readonly/></disk>"
                        + "<disk type='file' device='cdrom'><source file='/b.iso'/><target dev='sdb'/></disk>"));
        assertThat(values(argv, "-device")).containsExactly("virtio-scsi-pci,id=scsi0,bus=pci.0,addr=0x3",
                "scsi-hd,bus=scsi0.0,channel=0,scsi-id=0,lun=0,drive=libvirt-2-format,id=scsi0-0-0-0,bootindex=1",
                "scsi-cd,bus=scsi0.0,channel=0,scsi-id=0,lun=1,drive=libvirt-1-format,id=scsi0-0-0-1");
        assertThat(values(argv, "-blockdev").get(0)).endsWith("read-only=on");
    }

    @Test
    void sataDisksOnPcGetAnAhciControllerAndOnQ35TheBuiltInOne() {
        String disk = "<disk type='file'><source file='/a.img'/><target dev='sdb' bus='sata'/></disk>";
        assertThat(values(argv(hvm(disk)), "-device")).containsExactly("ich9-ahci,id=sata0,bus=pci.0,addr=0x3",
                "ide-hd,bus=sata0.1,drive=libvirt-1-format,id=sata0-0-1,bootindex=1");
        String q35 = domain("qemu", "g", "<type machine='q35'>hvm</type>", disk);
        assertThat(values(argv(q35), "-device")).containsExactly(
                "ide-hd,bus=ide.1,drive=libvirt-1-format,id=sata0-0-1,bootindex=1");
    }

    @Test
    void serialKinds() {
        List<String> argv = argv(hvm("<serial type='unix'><source mode='bind' path='/run/s.sock'/></serial>"
                + "<serial type='unix'><source mode='connect' path='/run/c.sock'/></serial>"
                + "<serial type='file'><source path='/var/log/s.log'/></serial>"
                + "<serial type='null'/>"
                + "<serial type='pty'><target type='pci-serial' port='5'/></serial>"));
        assertThat(values(argv, "-chardev")).containsExactly(
                "socket,id=charmonitor,path=/run/virtkit/qemu/dom/monitor.sock,server=on,wait=off",
                "socket,id=charserial0,path=/run/s.sock,server=on,wait=off",
                "socket,id=charserial1,path=/run/c.sock",
                "file,id=charserial2,path=/var/log/s.log",
                "null,id=charserial3",
                "pty,id=charserial5");
        assertThat(values(argv, "-device")).containsExactly(
                "isa-serial,chardev=charserial0,id=serial0,index=0",
                "isa-serial,chardev=charserial1,id=serial1,index=1",
                "isa-serial,chardev=charserial2,id=serial2,index=2",
                "isa-serial,chardev=charserial3,id=serial3,index=3",
                "pci-serial,chardev=charserial5,id=serial5,bus=pci.0,addr=0x3");
    }

    @Test
    void consoleAloneBringsItsSerialPort() {
        List<String> argv = argv(hvm("<console type='pty'/>"));
        assertThat(values(argv, "-chardev")).contains("pty,id=charserial0");
        assertThat(values(argv, "-device")).containsExactly("isa-serial,chardev=charserial0,id=serial0,index=0");
    }

    @Test
    void vncAutoportUsesTheConfiguredDisplayRange() {
        String vnc = "<graphics type='vnc' autoport='yes' passwd='secret'/>";
        List<String> argv = argv(hvm(vnc));
        assertThat(values(argv, "-vnc")).containsExactly("127.0.0.1:0,to=59635,password=on");
        assertThat(argv).doesNotContain("-display").noneMatch(a -> a.contains("secret"));
        List<String> ranged = QemuCommandLine.build(DomainXmlCodec.parse(hvm(
                "<graphics type='vnc' autoport='yes' listen='::1'/>")), EMU, MON,
                new QemuCommandOptions("127.0.0.1", 5910, 5999, false));
        assertThat(values(ranged, "-vnc")).containsExactly("[::1]:10,to=99");
        assertThat(ranged).doesNotContain("-sandbox");
    }

    @Test
    void userNetworkingDefaultsToLibvirtsRtl8139() {
        List<String> argv = argv(hvm("<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
                + "<interface type='user'><mac address='52:54:00:00:00:02'/><model type='e1000'/></interface>"));
        assertThat(values(argv, "-netdev")).containsExactly("user,id=hostnet0", "user,id=hostnet1");
        assertThat(values(argv, "-device")).containsExactly(
                "rtl8139,netdev=hostnet0,id=net0,mac=52:54:00:00:00:01,bus=pci.0,addr=0x3",
                "e1000,netdev=hostnet1,id=net1,mac=52:54:00:00:00:02,bus=pci.0,addr=0x4");
    }

    @Test
    void clockVariableGivesAnAbsoluteBase() {
        String xml = hvm("").replace("</os>", "</os><clock offset='variable' adjustment='3600'/>");
        assertThat(values(argv(xml), "-rtc")).singleElement().asString()
                .matches("base=\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d");
    }

    // ------------------------------------------------------------------------------------ refusals

    static void assertUnsupported(String xml, String message) {
        assertThatThrownBy(() -> argv(xml)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
            assertThat(e).hasMessage("unsupported configuration: " + message);
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"network", "bridge", "ethernet"})
    void tapInterfacesAreLeftToQmpAndBringTheFdPassingMonitor(String type) {
        String source = switch (type) {
            case "network" -> "<source network='default'/>";
            case "bridge" -> "<source bridge='br0'/>";
            default -> "";
        };
        String xml = hvm("<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"
                + "<interface type='" + type + "'>" + source + "<mac address='52:54:00:00:00:02'/>"
                + "<model type='virtio'/></interface>"
                + "<interface type='" + type + "'>" + source + "<mac address='52:54:00:00:00:03'/></interface>");
        List<String> argv = argv(xml);
        // QEMU cannot inherit our TAP descriptors: only the user NIC is on the command line
        assertThat(values(argv, "-netdev")).containsExactly("user,id=hostnet0");
        // they are added over QMP, a hotplug even at -S: onto a bridge, as pci.0 of pc hotplugs only with ACPI;
        // the bridge is a controller of the definition (as libvirt adds it), created before the devices
        assertThat(values(argv, "-device")).containsExactly("pci-bridge,chassis_nr=1,id=pci.1,bus=pci.0,addr=0x4",
                "rtl8139,netdev=hostnet0,id=net0,mac=52:54:00:00:00:01,bus=pci.0,addr=0x3");
        assertThat(values(argv, "-chardev")).contains(
                "socket,id=charfdpass,path=/run/virtkit/qemu/dom/monitor.sock.fdpass,server=on,wait=off");
        assertThat(values(argv, "-mon")).containsExactly("chardev=charmonitor,id=monitor,mode=control",
                "chardev=charfdpass,mode=control");

        List<QemuCommandLine.TapNic> nics = QemuCommandLine.tapNics(DomainXmlCodec.parse(xml));
        assertThat(nics).hasSize(2);
        assertThat(nics.get(0).index()).isEqualTo(1);
        assertThat(nics.get(0).virtio()).isTrue();
        assertThat(nics.get(0).deviceArgs()).containsExactly(Map.entry("driver", "virtio-net-pci"),
                Map.entry("netdev", "hostnet1"), Map.entry("id", "net1"), Map.entry("mac", "52:54:00:00:00:02"),
                Map.entry("bus", "pci.1"), Map.entry("addr", "0x1"));
        assertThat(nics.get(1).virtio()).isFalse();
        assertThat(nics.get(1).deviceArgs()).containsExactly(Map.entry("driver", "rtl8139"),
                Map.entry("netdev", "hostnet2"), Map.entry("id", "net2"), Map.entry("mac", "52:54:00:00:00:03"),
                Map.entry("bus", "pci.1"), Map.entry("addr", "0x2"));
    }

    @Test
    void q35TapInterfacesGetARootPortEach() {
        String nic = "<interface type='bridge'><source bridge='br0'/><model type='e1000e'/></interface>";
        String xml = domain("qemu", "guest", "<type arch='x86_64' machine='q35'>hvm</type>", nic + nic);
        assertThat(values(argv(xml), "-device")).containsExactly(
                "pcie-root-port,port=17,chassis=1,id=pci.1,bus=pcie.0,addr=0x2",
                "pcie-root-port,port=18,chassis=2,id=pci.2,bus=pcie.0,addr=0x3");
        assertThat(QemuCommandLine.tapNics(DomainXmlCodec.parse(xml)))
                .extracting(n -> n.deviceArgs().get("bus") + "/" + n.deviceArgs().get("addr"))
                .containsExactly("pci.1/0x0", "pci.2/0x0");
    }

    @Test
    void noTapInterfaceNoFdPassingMonitor() {
        List<String> argv = argv(hvm("<interface type='user'><mac address='52:54:00:00:00:01'/></interface>"));
        assertThat(values(argv, "-mon")).containsExactly("chardev=charmonitor,id=monitor,mode=control");
        assertThat(QemuCommandLine.tapNics(DomainXmlCodec.parse(hvm("")))).isEmpty();
    }

    @Test
    void tapNicPlanCarriesMtuAndBootIndex() {
        String xml = hvm("<interface type='network'><source network='n'/><mac address='52:54:00:00:00:09'/>"
                + "<model type='virtio'/><mtu size='1400'/></interface>")
                .replace("</type>", "</type><boot dev='network'/>");
        assertThat(QemuCommandLine.tapNics(DomainXmlCodec.parse(xml))).singleElement()
                .satisfies(n -> assertThat(n.deviceArgs()).containsEntry("host_mtu", 1400)
                        .containsEntry("bootindex", 1));
        assertUnsupported(hvm("<interface type='bridge'><source bridge='br0'/><model type='e1000'/>"
                + "<mtu size='1400'/></interface>"), "setting MTU is only supported on virtio network interfaces");
    }

    @Test
    void refusals() {
        assertUnsupported(hvm("<filesystem type='mount'><source dir='/srv'/><target dir='/mnt'/></filesystem>"),
                "filesystem devices are not supported yet by the QEMU driver");
        assertUnsupported(domain("qemu", "g", "<type>linux</type>", ""),
                "Emulator '" + EMU + "' does not support os type 'linux'");
        assertUnsupported(domain("xen", "g", "<type>hvm</type>", ""),
                "Emulator '" + EMU + "' does not support virt type 'xen'");
        assertUnsupported(domain("qemu", "g", "<type arch='aarch64'>hvm</type>", ""),
                "Emulator '" + EMU + "' does not support arch 'aarch64'");
        assertUnsupported(domain("qemu", "g", "<type machine='pc,accel=kvm'>hvm</type>", ""),
                "Emulator '" + EMU + "' does not support machine type 'pc,accel=kvm'");
        assertUnsupported(domain("qemu", "g", "<type machine='help'>hvm</type>", ""),
                "Emulator '" + EMU + "' does not support machine type 'help'");
        assertUnsupported(hvm("<disk type='file'><driver type='vmdk'/><source file='/a'/><target dev='vda'/></disk>"),
                "disk format 'vmdk' of disk 'vda' is not supported by the QEMU driver");
        assertUnsupported(hvm("<disk type='file'><driver type='raw,x=y'/><source file='/a'/><target dev='vda'/>"
                + "</disk>"), "disk format 'raw,x=y' of disk 'vda' is not supported by the QEMU driver");
        assertUnsupported(hvm("<disk type='file'><source file='/a'/><target dev='hda'/><readonly/></disk>"),
                "readonly ide disks are not supported");
        assertUnsupported(hvm("<disk type='file'><source file='/a'/><target dev='vda' bus='usb'/></disk>"),
                "disk bus 'usb' is not supported by the QEMU driver");
        assertUnsupported(hvm("<disk type='file' device='floppy'><source file='/a'/><target dev='fda'/></disk>"),
                "floppy disks are not supported yet by the QEMU driver");
        assertUnsupported(hvm("<interface type='user'><model type='e1000,netdev=x'/></interface>"),
                "interface model 'e1000,netdev=x' is not supported by the QEMU driver");
        assertUnsupported(hvm("<interface type='user'><model type='help'/></interface>"),
                "interface model 'help' is not supported by the QEMU driver");
        assertUnsupported(hvm("<serial type='stdio'/>"),
                "character device type 'stdio' is not supported by the QEMU driver");
        assertUnsupported(hvm("<console type='pty'><target type='sclp'/></console>"),
                "console target type 'sclp' is not supported yet by the QEMU driver");
        assertUnsupported(hvm("<graphics type='vnc' listen='127.0.0.1,password=off'/>"),
                "VNC listen address '127.0.0.1,password=off' is not a valid address");
        assertUnsupported(hvm("<graphics type='vnc' port='5000' autoport='no'/>"),
                "vnc port must be in range [5900,65535]");
        assertUnsupported(hvm("").replace("</os>", "</os><clock offset='timezone' timezone='Europe/Paris'/>"),
                "clock offset 'timezone' is not supported yet by the QEMU driver");
        assertUnsupported(hvm("").replace("</os>", "</os><cpu mode='host-passthrough'/>"),
                "CPU mode 'host-passthrough' for x86_64 qemu domain on x86_64 host is not supported by hypervisor");
    }

    @Test
    void badDiskTargetIsAnInternalError() {
        assertThatThrownBy(() -> argv(hvm("<disk type='file'><source file='/a'/><target dev='vd1'/></disk>")))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                .hasMessage("internal error: cannot convert disk 'vd1' to bus/device index");
    }

    @Test
    void nulAndNewlineInValuesAreRejected() {
        DomainDefinition def = DomainDefinition.of("qemu", "g", 65536, 1,
                new DomainOs("hvm", null, null, List.of(), "/boot/vm\nlinuz", null, null, null, List.of(),
                        List.of()));
        assertThatThrownBy(() -> QemuCommandLine.build(def, EMU, MON)).isInstanceOf(VirtException.class)
                .hasMessageContaining("kernel path '/boot/vm\\nlinuz' contains a character QEMU cannot take");
        assertUnsupported(hvm("<disk type='file'><source file='/a&#10;b'/><target dev='vda'/></disk>"),
                "disk source '/a\\nb' contains a character QEMU cannot take (NUL or newline)");
        assertThatThrownBy(() -> QemuCommandLine.escapeOptionValue("a\0b")).isInstanceOf(VirtException.class);
    }

    // ------------------------------------------------------------------------------------ injection

    @Test
    void escapeOptionValueDoublesCommas() {
        assertThat(QemuCommandLine.escapeOptionValue("a,b=c")).isEqualTo("a,,b=c");
        assertThat(QemuCommandLine.escapeOptionValue(",,")).isEqualTo(",,,,");
        assertThat(QemuCommandLine.escapeOptionValue("plain")).isEqualTo("plain");
        assertThat(parseOption("guest=" + QemuCommandLine.escapeOptionValue("x,,y,debug-threads=off")))
                .containsExactly(Map.entry("guest", "x,,y,debug-threads=off"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a,b=c", "-daemonize", "x, y 'q' \"dq\"", "n,,", ",", "a=b", "help", "we ird,id=x"})
    void weirdNamesStayTheGuestName(String name) {
        String xml = domain("qemu", name.replace("&", "&amp;").replace("<", "&lt;"),
                "<type>hvm</type>", "");
        List<String> argv = argv(xml);
        assertThat(parseOption(values(argv, "-name").get(0)))
                .containsExactly(Map.entry("guest", name), Map.entry("debug-threads", "on"));
        assertAllOptionsHaveExactlyTheirKeys(argv);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/tmp/x,format=qcow2", "/tmp/x,,y", "-daemonize", "/tmp/a b 'c' \"d\"",
            "/tmp/x,node-name=evil,read-only=on"})
    void weirdPathsStayPaths(String path) {
        String attr = path.replace("&", "&amp;").replace("'", "&apos;").replace("\"", "&quot;");
        String xml = domain("qemu", "g", "<type>hvm</type><kernel>" + attr + "</kernel><initrd>" + attr
                        + "</initrd><cmdline>" + attr + "</cmdline>",
                "<disk type='file'><source file='" + attr + "'/><target dev='vda'/></disk>"
                        + "<serial type='file'><source path='" + attr + "'/></serial>"
                        + "<serial type='unix'><source mode='bind' path='" + attr + "'/></serial>");
        List<String> argv = argv(xml);
        assertThat(values(argv, "-kernel")).containsExactly(path);
        assertThat(values(argv, "-initrd")).containsExactly(path);
        assertThat(values(argv, "-append")).containsExactly(path);
        assertThat(parseOption(values(argv, "-blockdev").get(0))).containsExactly(Map.entry("driver", "file"),
                Map.entry("filename", path), Map.entry("node-name", "libvirt-1-storage"),
                Map.entry("read-only", "off"));
        List<String> chardevs = values(argv, "-chardev");
        assertThat(parseOption(chardevs.get(1))).containsExactly(Map.entry("", "file"),
                Map.entry("id", "charserial0"), Map.entry("path", path));
        assertThat(parseOption(chardevs.get(2))).containsExactly(Map.entry("", "socket"),
                Map.entry("id", "charserial1"), Map.entry("path", path), Map.entry("server", "on"),
                Map.entry("wait", "off"));
        assertAllOptionsHaveExactlyTheirKeys(argv);
    }

    @Test
    void monitorSocketPathIsEscapedToo() {
        List<String> argv = QemuCommandLine.build(DomainXmlCodec.parse(hvm("")), EMU, Path.of("/run/a,server=off"));
        assertThat(parseOption(values(argv, "-chardev").get(0))).containsEntry("path", "/run/a,server=off")
                .containsEntry("server", "on").containsEntry("wait", "off").hasSize(5);
    }

    /** Every value of every option parses to distinct keys, and no XML value became an argv option. */
    static void assertAllOptionsHaveExactlyTheirKeys(List<String> argv) {
        List<String> known = List.of("-name", "-S", "-machine", "-cpu", "-m", "-smp", "-uuid", "-display",
                "-no-user-config", "-nodefaults", "-chardev", "-mon", "-rtc", "-no-reboot", "-boot", "-kernel",
                "-initrd", "-append", "-blockdev", "-device", "-netdev", "-vnc", "-sandbox", "-msg");
        List<String> flags = List.of("-S", "-no-user-config", "-nodefaults", "-no-reboot");
        for (int n = 1; n < argv.size(); n++) {
            String opt = argv.get(n);
            assertThat(known).as("argv[%d] in %s", n, argv).contains(opt);
            if (!flags.contains(opt)) {
                n++;
                if (!List.of("-kernel", "-initrd", "-append", "-uuid").contains(opt)) {
                    parseOption(argv.get(n));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------ shell string

    @Test
    void shellStringQuotesOnlyWhatNeedsIt() {
        assertThat(QemuCommandLine.toShellString(List.of("/usr/bin/qemu", "-name", "guest=a,,b", "-append",
                "console=ttyS0 quiet", "it's", "", "$HOME", "a\"b")))
                .isEqualTo("/usr/bin/qemu -name guest=a,,b -append 'console=ttyS0 quiet' 'it'\\''s' '' '$HOME'"
                        + " 'a\"b'");
    }

    @Test
    void shellStringRoundTripsThroughARealShell() throws Exception {
        List<String> argv = List.of("printf", "%s\\n", "a b", "it's", "x,,y=\"z\"", "$(id)", "`id`", "-daemonize");
        Process p = new ProcessBuilder("sh", "-c", QemuCommandLine.toShellString(argv)).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).isZero();
        assertThat(out.split("\n")).containsExactly("a b", "it's", "x,,y=\"z\"", "$(id)", "`id`", "-daemonize");
    }
}
