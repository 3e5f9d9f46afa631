package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.XmlFlag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the codec writes is valid against libvirt's own RELAX NG schema, checked by libvirt's
 * {@code virt-xml-validate} (Debian libvirt-clients, which needs {@code xmllint} from libxml2-utils).
 * Without the tool the test skips on a developer machine but fails when {@code CI=true}.
 */
class DomainXmlSchemaTest {

    /** libvirt's validator; the system property exists only to rehearse the missing-tool path. */
    private static final Path VALIDATOR =
            Path.of(System.getProperty("virtkit.virtXmlValidate", "/usr/bin/virt-xml-validate"));

    @TempDir
    Path dir;

    @BeforeAll
    static void requireValidator(@TempDir Path dir) throws Exception {
        String problem = null;
        if (!Files.isExecutable(VALIDATOR)) {
            problem = VALIDATOR + " is not installed (Debian package libvirt-clients)";
        } else {
            // virt-xml-validate exits 127 when xmllint is missing: that is a missing tool, not a verdict.
            Path probe = dir.resolve("probe.xml");
            Files.writeString(probe, DomainXmlCodec.format(DomainDefinition.of("test", "probe", 1024, 1,
                    DomainOs.ofType("hvm"))));
            Result r = validate(probe);
            if (r.exitCode() == 127) {
                problem = "virt-xml-validate cannot run (xmllint from libxml2-utils missing?): " + r.output();
            }
        }
        if (problem != null) {
            validatorUnavailable(problem, System.getenv("CI"));
        }
    }

    /** A missing validator skips the tests on a developer machine and fails them on CI: never a silent pass. */
    static void validatorUnavailable(String problem, String ci) {
        if ("true".equals(ci)) {
            throw new AssertionError("CI=true and the schema validator is unavailable: " + problem);
        }
        Assumptions.abort(problem);
    }

    record Result(int exitCode, String output) {
    }

    static Result validate(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(VALIDATOR.toString(), file.toString(), "domain").redirectErrorStream(true)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virt-xml-validate did not finish for " + file);
        }
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private void assertValid(String name, String xml) throws Exception {
        Path file = dir.resolve(name + ".xml");
        Files.writeString(file, xml);
        Result r = validate(file);
        assertThat(r.exitCode()).as("virt-xml-validate of %s:%n%s%n%s", name, xml, r.output()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"rich-vm.xml", "container.xml", "kernel-boot.xml"})
    void formattedDefinitionsValidate(String resource) throws Exception {
        DomainDefinition def = DomainXmlCodec.parse(DomainXmlCodecTest.resource(resource));
        assertValid(resource + "-inactive", DomainXmlCodec.format(def));
        assertValid(resource + "-secure", DomainXmlCodec.format(def, XmlFlag.SECURE));
        assertValid(resource + "-live", DomainXmlCodec.formatLive(def, 42, XmlFlag.SECURE));
    }

    @Test
    void aDefinitionUsingEveryModelledPartValidates() throws Exception {
        DomainOs os = new DomainOs("hvm", "x86_64", "q35", List.of("network", "cdrom", "hd", "fd"),
                "/boot/vmlinuz", "/boot/initrd", "quiet", null, List.of(), List.of());
        DomainDevices devices = new DomainDevices("/usr/bin/qemu-system-x86_64",
                List.of(new DiskDevice(DiskDevice.Type.FILE, DiskDevice.Device.DISK, "qemu", "raw", "/img/a.raw",
                                "vda", "virtio", false),
                        new DiskDevice(DiskDevice.Type.FILE, DiskDevice.Device.CDROM, null, null, null, "sda", "sata",
                                true),
                        new DiskDevice(DiskDevice.Type.BLOCK, DiskDevice.Device.FLOPPY, null, null, "/dev/fd0", "fda",
                                "fdc", false)),
                List.of(new FilesystemDevice("/srv/data", "data", true)),
                List.of(new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:00:00:01", "default", "vnet3",
                                null, "e1000", 1400),
                        new InterfaceDevice(InterfaceDevice.Type.BRIDGE, "52:54:00:00:00:02", "br0", null, null,
                                "virtio", null),
                        new InterfaceDevice(InterfaceDevice.Type.ETHERNET, "52:54:00:00:00:03", null, "tap9", false,
                                null, 9000),
                        new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:00:00:04", null, null, null, null,
                                null)),
                List.of(new CharDevice(CharDevice.Type.PTY, null, null, "isa-serial", 0),
                        new CharDevice(CharDevice.Type.UNIX, "/run/s.sock", "connect", null, 1),
                        new CharDevice(CharDevice.Type.FILE, "/var/log/s.log", null, null, 2),
                        new CharDevice(CharDevice.Type.DEV, "/dev/ttyS0", null, null, 3),
                        new CharDevice(CharDevice.Type.PIPE, "/run/pipe", null, null, 4),
                        new CharDevice(CharDevice.Type.NULL, null, null, null, 5)),
                List.of(new CharDevice(CharDevice.Type.PTY, null, null, "serial", 0),
                        new CharDevice(CharDevice.Type.PTY, null, null, "virtio", 1)),
                List.of(new GraphicsDevice(GraphicsDevice.Type.VNC, 5900, false, "0.0.0.0", "pa'ss&<w>"),
                        new GraphicsDevice(GraphicsDevice.Type.VNC, -1, true, null, null)));
        DomainDefinition def = new DomainDefinition("kvm", "every-part", UUID.randomUUID(), "Every part",
                "Line one\nLine two & <three>", 4 * 1024 * 1024, 3 * 1024 * 1024, 8, "static", os,
                Set.of("acpi", "apic", "pae", "hap", "pmu", "vmport", "smm", "vmcoreinfo"), "host-model",
                new DomainClock(DomainClock.Offset.VARIABLE, null, 3600L), LifecycleAction.RENAME_RESTART,
                LifecycleAction.PRESERVE, LifecycleAction.COREDUMP_DESTROY, devices);

        String xml = DomainXmlCodec.format(def, XmlFlag.SECURE);
        assertValid("every-part", xml);
        assertThat(DomainXmlCodec.parse(xml)).isEqualTo(def);
    }

    /** Aliases and every modelled kind of address, in the inactive and the live form. */
    @Test
    void deviceAliasesAndAddressesValidate() throws Exception {
        String xml = "<domain type='kvm'><name>ids</name><memory>1024</memory><os><type>hvm</type></os><devices>"
                + DeviceIdentityXmlTest.DEVICES + "</devices></domain>";
        DomainDefinition live = DomainXmlCodec.parseLive(xml);
        assertValid("identity-inactive", DomainXmlCodec.format(live));
        assertValid("identity-live", DomainXmlCodec.formatLive(live, 7));
        assertThat(DomainXmlCodec.formatLive(live, 7)).contains("<alias name='net0'/>", "<address type='isa'");
    }

    /** The validator really judges: without this a broken tool set-up could make every test above pass. */
    @Test
    void theValidatorRejectsWhatLibvirtsSchemaForbids() throws Exception {
        Path file = dir.resolve("invalid.xml");
        Files.writeString(file, DomainXmlCodec.format(DomainDefinition.of("test", "bad", 1024, 1,
                DomainOs.ofType("hvm"))).replace("<on_reboot>restart</on_reboot>", "<on_reboot>explode</on_reboot>"));
        Result r = validate(file);
        assertThat(r.exitCode()).as(r.output()).isNotZero().isNotEqualTo(127);
    }
}
