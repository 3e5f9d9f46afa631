package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.XmlFlag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DomainXmlCodecTest {

    static String resource(String name) {
        try (InputStream in = DomainXmlCodecTest.class.getResourceAsStream(name)) {
            assertThat(in).as("test resource %s", name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    static String minimal(String body) {
        return "<domain type='test'><name>vm</name><memory>1024</memory><os><type>hvm</type></os>" + body
                + "</domain>";
    }

    @Test
    void parsesTheCoreOfADomain() {
        DomainDefinition def = DomainXmlCodec.parse("""
                <domain type='kvm'>
                  <name>alpha</name>
                  <uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>
                  <memory unit='KiB'>8388608</memory>
                  <currentMemory unit='KiB'>2097152</currentMemory>
                  <vcpu>2</vcpu>
                  <os><type>hvm</type></os>
                </domain>""");

        assertThat(def.type()).isEqualTo("kvm");
        assertThat(def.name()).isEqualTo("alpha");
        assertThat(def.uuid()).isEqualTo(UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f"));
        assertThat(def.memoryKiB()).isEqualTo(8388608L);
        assertThat(def.currentMemoryKiB()).isEqualTo(2097152L);
        assertThat(def.vcpus()).isEqualTo(2);
        assertThat(def.vcpuPlacement()).isEqualTo("static");
        assertThat(def.os().type()).isEqualTo("hvm");
    }

    @Test
    void appliesLibvirtDefaults() {
        DomainDefinition def = DomainXmlCodec.parse(minimal(""));

        assertThat(def.uuid()).isNotNull();
        assertThat(DomainXmlCodec.parse(minimal("")).uuid()).as("a fresh UUID per parse").isNotEqualTo(def.uuid());
        assertThat(def.currentMemoryKiB()).isEqualTo(def.memoryKiB()).isEqualTo(1024L);
        assertThat(def.vcpus()).isEqualTo(1);
        assertThat(def.os().bootDevices()).containsExactly("hd");
        assertThat(def.clock()).isEqualTo(DomainClock.UTC);
        assertThat(def.onPoweroff()).isEqualTo(LifecycleAction.DESTROY);
        assertThat(def.onReboot()).isEqualTo(LifecycleAction.RESTART);
        assertThat(def.onCrash()).isEqualTo(LifecycleAction.DESTROY);
        assertThat(def.devices()).isEqualTo(DomainDevices.NONE);
        assertThat(def.title()).isNull();
        assertThat(def.features()).isEmpty();
    }

    @Test
    void currentMemoryAboveMemoryIsClampedAsLibvirtDoes() {
        DomainDefinition def = DomainXmlCodec.parse(
                "<domain type='test'><name>vm</name><memory>1024</memory><currentMemory>4096</currentMemory>"
                        + "<os><type>hvm</type></os></domain>");
        assertThat(def.currentMemoryKiB()).isEqualTo(1024L);
    }

    @ParameterizedTest(name = "{0} {1} = {2} KiB")
    @CsvSource({
        "1, b, 1", "1024, bytes, 1", "1025, b, 2", "2048, b, 2",
        "1, KB, 1", "1000, KB, 977", "1, k, 1", "1, KiB, 1", "7, K, 7",
        "1, MB, 977", "1, M, 1024", "1, MiB, 1024", "1, m, 1024",
        "1, GB, 976563", "1, G, 1048576", "2, GiB, 2097152",
        "1, TB, 976562500", "1, T, 1073741824", "1, TiB, 1073741824",
        "10, MB, 9766", "1, PiB, 1099511627776", "2048, B, 2", "2048, byte, 2", "2048, Bytes, 2", "2048, KIB, 2048", "2048, kib, 2048",
        "2048, kB, 2000", "2048, Kb, 2000", "2048, mb, 2000000", "7, EiB, 7881299347898368", "9007199254740991, KiB, 9007199254740991"})
    void convertsMemoryUnitsToKiB(long value, String unit, long expectedKiB) {
        assertThat(DomainXmlCodec.scaleToKiB(value, unit)).isEqualTo(expectedKiB);
        DomainDefinition def = DomainXmlCodec.parse("<domain type='test'><name>vm</name><memory unit='" + unit
                + "'>" + value + "</memory><os><type>hvm</type></os></domain>");
        assertThat(def.memoryKiB()).isEqualTo(expectedKiB);
    }

    @Test
    void formatsADefinitionAsLibvirtDoes() {
        DomainDefinition def = DomainXmlCodec.parse(minimal(""));
        String expected = """
                <domain type='test'>
                  <name>vm</name>
                  <uuid>%s</uuid>
                  <memory unit='KiB'>1024</memory>
                  <currentMemory unit='KiB'>1024</currentMemory>
                  <vcpu placement='static'>1</vcpu>
                  <os>
                    <type>hvm</type>
                    <boot dev='hd'/>
                  </os>
                  <clock offset='utc'/>
                  <on_poweroff>destroy</on_poweroff>
                  <on_reboot>restart</on_reboot>
                  <on_crash>destroy</on_crash>
                  <devices>
                  </devices>
                </domain>
                """.formatted(def.uuid());
        assertThat(DomainXmlCodec.format(def)).isEqualTo(expected);
        assertThat(DomainXmlCodec.formatLive(def, 7))
                .isEqualTo(expected.replace("<domain type='test'>", "<domain type='test' id='7'>"));
    }

    /** The expected text is what {@code virsh -c test:///default dumpxml} prints, minus what the test driver adds. */
    @Test
    void formatsARichDefinitionExactly() {
        DomainDefinition def = DomainXmlCodec.parse(resource("rich-vm.xml"));
        assertThat(DomainXmlCodec.format(def)).isEqualTo(resource("rich-vm.expected.xml"));
    }

    @Test
    void parsesEveryPartOfARichDefinition() {
        DomainDefinition def = DomainXmlCodec.parse(resource("rich-vm.xml"));

        assertThat(def.title()).isEqualTo("Web server");
        assertThat(def.description()).isEqualTo("Front end & cache <prod>");
        assertThat(def.memoryKiB()).isEqualTo(2L * 1024 * 1024);
        assertThat(def.currentMemoryKiB()).isEqualTo(1024L * 1024);
        assertThat(def.os()).isEqualTo(new DomainOs("hvm", "x86_64", "pc", List.of("cdrom", "hd"), null, null, null,
                null, List.of(), List.of()));
        assertThat(def.features()).containsExactlyInAnyOrder("acpi", "apic", "pae");
        assertThat(def.cpuMode()).isEqualTo("host-passthrough");
        assertThat(def.clock().offset()).isEqualTo(DomainClock.Offset.LOCALTIME);
        assertThat(def.onPoweroff()).isEqualTo(LifecycleAction.PRESERVE);
        assertThat(def.onReboot()).isEqualTo(LifecycleAction.RENAME_RESTART);
        assertThat(def.onCrash()).isEqualTo(LifecycleAction.COREDUMP_RESTART);

        DomainDevices devices = def.devices();
        assertThat(devices.emulator()).isEqualTo("/usr/bin/qemu-system-x86_64");
        assertThat(devices.disks()).containsExactly(
                new DiskDevice(DiskDevice.Type.FILE, DiskDevice.Device.DISK, "qemu", "qcow2",
                        "/var/lib/libvirt/images/web-01.qcow2", "vda", "virtio", false),
                new DiskDevice(DiskDevice.Type.BLOCK, DiskDevice.Device.CDROM, null, null, "/dev/sr0", "hdc", "ide",
                        true));
        assertThat(devices.interfaces()).containsExactly(
                new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:ab:cd:01", "default", "vnet0", null,
                        "virtio", null),
                new InterfaceDevice(InterfaceDevice.Type.BRIDGE, "52:54:00:ab:cd:02", "br0", null, null, null, 9000),
                new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:ab:cd:03", null, null, null, null, null));
        assertThat(devices.serials()).containsExactly(
                new CharDevice(CharDevice.Type.PTY, null, null, null, 0),
                new CharDevice(CharDevice.Type.FILE, "/var/log/web-01.log", null, null, 1));
        assertThat(devices.consoles()).containsExactly(new CharDevice(CharDevice.Type.PTY, null, null, "serial", 0));
        assertThat(devices.graphics()).containsExactly(
                new GraphicsDevice(GraphicsDevice.Type.VNC, -1, true, "127.0.0.1", "secret"));
    }

    @Test
    void writesTheVncPasswordOnlyWhenSecure() {
        DomainDefinition def = DomainXmlCodec.parse(resource("rich-vm.xml"));

        assertThat(DomainXmlCodec.format(def)).doesNotContain("secret").doesNotContain("passwd");
        assertThat(DomainXmlCodec.format(def, XmlFlag.INACTIVE)).doesNotContain("passwd");
        assertThat(DomainXmlCodec.formatLive(def, 3)).doesNotContain("passwd");
        assertThat(DomainXmlCodec.format(def, XmlFlag.SECURE))
                .contains("<graphics type='vnc' port='-1' autoport='yes' listen='127.0.0.1' passwd='secret'>");
        assertThat(DomainXmlCodec.formatLive(def, 3, XmlFlag.SECURE)).startsWith("<domain type='test' id='3'>")
                .contains("passwd='secret'");
        assertThat(def.devices().graphics().get(0).toString()).doesNotContain("secret");
    }

    @ParameterizedTest
    @ValueSource(strings = {"rich-vm.xml", "container.xml", "kernel-boot.xml"})
    void roundTripsThroughTheCodec(String resource) {
        DomainDefinition def = DomainXmlCodec.parse(resource(resource));
        String xml = DomainXmlCodec.format(def, XmlFlag.SECURE);
        DomainDefinition again = DomainXmlCodec.parse(xml);

        assertThat(again).isEqualTo(def);
        assertThat(DomainXmlCodec.format(again, XmlFlag.SECURE)).isEqualTo(xml);
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.formatLive(def, 12))).isEqualTo(
                def.withDevices(def.devices().toBuilder().graphics(def.devices().graphics().stream()
                        .map(g -> g.toBuilder().passwd(null).build()).toList()).build()));
    }

    @Test
    void parsesAContainer() {
        DomainDefinition def = DomainXmlCodec.parse(resource("container.xml"));

        assertThat(def.type()).isEqualTo("lxc");
        assertThat(def.memoryKiB()).isEqualTo(512L * 1024);
        assertThat(def.os().type()).isEqualTo("exe");
        assertThat(def.os().bootDevices()).isEmpty();
        assertThat(def.os().init()).isEqualTo("/usr/sbin/nginx");
        assertThat(def.os().initArgs()).containsExactly("-g", "daemon off;");
        assertThat(def.os().initEnv()).containsExactly(new DomainOs.InitEnv("LANG", "C.UTF-8"),
                new DomainOs.InitEnv("WORKERS", "4"));
        assertThat(def.devices().filesystems()).containsExactly(
                new FilesystemDevice("/srv/box/root", "/", false),
                new FilesystemDevice("/srv/shared", "/shared", true));
        assertThat(def.devices().interfaces()).containsExactly(new InterfaceDevice(InterfaceDevice.Type.ETHERNET,
                "52:54:00:00:00:07", null, "veth7", true, null, null));
        assertThat(def.devices().serials()).as("no serial is invented for a container console").isEmpty();
        assertThat(def.devices().consoles()).containsExactly(new CharDevice(CharDevice.Type.PTY, null, null, "lxc", 0));
        assertThat(DomainXmlCodec.format(def)).contains("""
                  <os>
                    <type arch='x86_64'>exe</type>
                    <init>/usr/sbin/nginx</init>
                    <initarg>-g</initarg>
                    <initarg>daemon off;</initarg>
                    <initenv name='LANG'>C.UTF-8</initenv>
                    <initenv name='WORKERS'>4</initenv>
                  </os>
                """).contains("""
                    <filesystem type='mount' accessmode='passthrough'>
                      <source dir='/srv/shared'/>
                      <target dir='/shared'/>
                      <readonly/>
                    </filesystem>
                """).contains("<target dev='veth7' managed='yes'/>");
    }

    @Test
    void aContainerWithoutInitGetsLibvirtsDefault() {
        DomainDefinition def = DomainXmlCodec.parse(
                "<domain type='lxc'><name>c</name><memory>1024</memory><os><type>exe</type></os></domain>");
        assertThat(def.os().init()).isEqualTo("/sbin/init");
    }

    @Test
    void parsesDirectKernelBootTimezoneClockAndIgnoresUnknownElements() {
        DomainDefinition def = DomainXmlCodec.parse(resource("kernel-boot.xml"));

        assertThat(def.memoryKiB()).as("bytes round up to the next KiB").isEqualTo(1048577L);
        assertThat(def.vcpuPlacement()).isEqualTo("auto");
        assertThat(def.os().kernel()).isEqualTo("/boot/vmlinuz");
        assertThat(def.os().initrd()).isEqualTo("/boot/initrd.img");
        assertThat(def.os().cmdline()).isEqualTo("console=ttyS0 root=/dev/vda");
        assertThat(def.os().bootDevices()).as("a kernel boot has no default boot device").isEmpty();
        assertThat(def.clock()).isEqualTo(new DomainClock(DomainClock.Offset.TIMEZONE, "Europe/Paris", null));
        assertThat(def.devices().serials())
                .containsExactly(new CharDevice(CharDevice.Type.UNIX, "/run/direct.sock", "bind", null, 0));
        assertThat(def.devices().graphics())
                .containsExactly(new GraphicsDevice(GraphicsDevice.Type.VNC, 5905, false, null, null));
        String xml = DomainXmlCodec.format(def);
        assertThat(xml).contains("<metadata>").contains("<sound model='ich9'/>")
                .contains("<clock offset='timezone' timezone='Europe/Paris'/>")
                .contains("<graphics type='vnc' port='5905' autoport='no'/>")
                .contains("<source mode='bind' path='/run/direct.sock'/>");
    }

    @Test
    void aConsoleOnAVirtualMachineMirrorsTheFirstSerialOrBringsOne() {
        DomainDefinition withoutSerial = DomainXmlCodec.parse(minimal(
                "<devices><console type='file'><source path='/tmp/c.log'/></console></devices>"));
        assertThat(withoutSerial.devices().serials())
                .containsExactly(new CharDevice(CharDevice.Type.FILE, "/tmp/c.log", null, null, 0));
        assertThat(withoutSerial.devices().consoles())
                .containsExactly(new CharDevice(CharDevice.Type.FILE, "/tmp/c.log", null, "serial", 0));

        DomainDefinition withSerial = DomainXmlCodec.parse(minimal("<devices><serial type='unix'>"
                + "<source mode='bind' path='/tmp/s'/></serial><console type='pty'/></devices>"));
        assertThat(withSerial.devices().consoles())
                .containsExactly(new CharDevice(CharDevice.Type.UNIX, "/tmp/s", "bind", "serial", 0));
    }

    @Test
    void clockVariableKeepsItsAdjustment() {
        DomainDefinition def = DomainXmlCodec.parse(minimal("<clock offset='variable' adjustment='-30'/>"));
        assertThat(def.clock()).isEqualTo(new DomainClock(DomainClock.Offset.VARIABLE, null, -30L));
        assertThat(DomainXmlCodec.format(def)).contains("<clock offset='variable' adjustment='-30' basis='utc'/>");
    }

    @Test
    void featuresAreWrittenInLibvirtsOrderAndOffIsKept() {
        DomainDefinition def = DomainXmlCodec.parse(
                minimal("<features><pae/><smm state='off'/><apic/><acpi/><vmport state='on'/></features>"));
        assertThat(def.features()).containsExactlyInAnyOrder("pae", "apic", "acpi", "vmport");
        assertThat(DomainXmlCodec.format(def)).contains("""
                  <features>
                    <acpi/>
                    <apic/>
                    <pae/>
                    <vmport state='on'/>
                    <smm state='off'/>
                  </features>
                """);
    }

    @Test
    void aMissingMacIsGeneratedWithTheQemuPrefixAndMacsAreNormalised() {
        DomainDefinition def = DomainXmlCodec.parse(minimal(
                "<devices><interface type='user'/><interface type='user'><mac address='52-54-0-A-b-C'/>"
                        + "</interface></devices>"));
        assertThat(def.devices().interfaces().get(0).mac()).matches("52:54:00(:[0-9a-f]{2}){3}");
        assertThat(def.devices().interfaces().get(1).mac()).isEqualTo("52:54:00:0a:0b:0c");
    }

    @Test
    void escapesTextAndAttributes() {
        DomainDefinition def = DomainXmlCodec.parse(minimal(
                "<description>a &lt;b&gt; &amp; 'c' \"d\"</description><devices><disk type='file'>"
                        + "<source file=\"/img/it's &amp; &lt;x&gt;.img\"/><target dev='vda'/></disk></devices>"));
        String xml = DomainXmlCodec.format(def);
        assertThat(xml).contains("<description>a &lt;b&gt; &amp; &apos;c&apos; &quot;d&quot;</description>")
                .contains("<source file='/img/it&apos;s &amp; &lt;x&gt;.img'/>");
        assertThat(DomainXmlCodec.parse(xml)).isEqualTo(def);
    }

    @Test
    void withUuidAndOtherCopiesLeaveTheOriginalUntouched() {
        DomainDefinition def = DomainXmlCodec.parse(resource("rich-vm.xml"));
        UUID other = UUID.randomUUID();

        DomainDefinition copy = def.withUuid(other);
        assertThat(copy.uuid()).isEqualTo(other);
        assertThat(def.uuid()).isEqualTo(UUID.fromString("c7a5fdbd-cdaf-9455-926a-d65c16db1809"));
        assertThat(copy.withUuid(def.uuid())).isEqualTo(def);
        assertThat(def.withName("web-02").name()).isEqualTo("web-02");
        assertThat(def.withMemory(4096, 8192).currentMemoryKiB()).isEqualTo(4096);
        assertThat(def.withVcpus(8).vcpus()).isEqualTo(8);
    }

    @Test
    void theModelIsImmutable() {
        DomainDefinition def = DomainXmlCodec.parse(resource("rich-vm.xml"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> def.features().add("hap"))
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> def.devices().disks().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> def.os().bootDevices().add("fd"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void ofBuildsAMinimalDefinitionThatFormats() {
        DomainDefinition def = DomainDefinition.of("test", "tiny", 2048, 1, DomainOs.ofType("hvm"));
        assertThat(def.features()).isEqualTo(Set.of());
        assertThat(DomainXmlCodec.parse(DomainXmlCodec.format(def)).withUuid(def.uuid()).name()).isEqualTo("tiny");
    }

    @Test
    void anAllocatedAutoportSurvivesInLiveXmlOnly() {
        DomainDefinition live = DomainXmlCodec.parse("""
                <domain type='qemu' id='3'><name>g</name><memory>65536</memory><os><type>hvm</type></os>
                  <devices><graphics type='vnc' port='5901' autoport='yes' listen='127.0.0.1'/></devices>
                </domain>""");
        assertThat(live.devices().graphics().get(0).port()).isEqualTo(5901);
        assertThat(live.devices().graphics().get(0).autoport()).isTrue();
        assertThat(DomainXmlCodec.formatLive(live, 3)).contains("port='5901' autoport='yes'");
        assertThat(DomainXmlCodec.format(live)).contains("port='-1' autoport='yes'").doesNotContain("5901");
    }
}
