package io.virtkit.esx.internal.vmx;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Compares the VMX rules with libvirt's own: Debian's virsh runs libvirt 9's VMware Workstation driver in the
 * client, whose {@code domxml-from-native vmware-vmx} is libvirt's virVMXParseConfig with file names kept as they
 * are and a narrow SCSI bus. That driver only opens when it finds VMware's {@code vmrun} and {@code vmware}
 * programs, which cannot run here: two stand-in scripts answer its version and guest-list questions
 * ({@code vmware -v}, {@code vmrun list}); nothing else of VMware is used.
 */
class LibvirtVmxReferenceStandInVmrunTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void vmwareStandIns() throws IOException {
        script("vmrun", "echo 'Total running VMs: 0'");
        script("vmware", "echo 'VMware Workstation 16.2.5 build-20904516'");
    }

    private static void script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n# stand-in for VMware's " + name + " (VMware cannot run here)\n" + body
                + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"simple", "controllers", "minimal", "sata"})
    void readsSamplesAsLibvirtDoes(String sample) throws Exception {
        String vmx = VmxSamples.text(sample);
        Result libvirt = virshFromNative(vmx);
        assertThat(libvirt.exit()).as(libvirt.stderr()).isZero();

        String ours = DomainXmlCodec.format(VmxCodec.toDomain(VmxFile.parse(vmx), VmxFileNames.VERBATIM,
                VmxCodec.ScsiBus.NARROW));

        assertThat(normalized(ours)).isEqualTo(normalized(libvirt.stdout()));
    }

    @org.junit.jupiter.api.Test
    void decodesAFileInAnotherEncodingAsLibvirtDoes() throws Exception {
        byte[] vmx = (".encoding = \"windows-1252\"\nconfig.version = \"8\"\nvirtualHW.version = \"7\"\n"
                + "displayName = \"Grüße aus Köln\"\nannotation = \"Straße\"\n")
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        Result libvirt = virshFromNative(vmx);
        assertThat(libvirt.exit()).as(libvirt.stderr()).isZero();

        String ours = DomainXmlCodec.format(VmxCodec.toDomain(VmxFile.parse(vmx), VmxFileNames.VERBATIM,
                VmxCodec.ScsiBus.NARROW));

        assertThat(ours).contains("Grüße aus Köln");
        assertThat(normalized(ours)).isEqualTo(normalized(libvirt.stdout()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "config.version = \"7\"\nvirtualHW.version = \"8\"\n",
        "virtualHW.version = \"8\"\n",
        "config.version = \"8\"\nvirtualHW.version = \"8\"\ndisplayName = \"a\"\nmemsize = \"30\"\n",
        "config.version = \"8\"\nvirtualHW.version = \"8\"\ndisplayName = \"a\"\nethernet0.present = \"true\"\n"
                + "ethernet0.connectionType = \"bridged\"\n",
        "config.version = \"8\"\nvirtualHW.version = \"8\"\ndisplayName = \"a\"\nscsi0.present = \"true\"\n"
                + "scsi0.virtualDev = \"virtio\"\n",
        "config.version = \"8\"\nvirtualHW.version = \"8\"\ndisplayName = \"a/b\"\n",
        "config.version = \"8\"\nvirtualHW.version = \"8\"\nmemsize = 32\n"})
    void refusesAsLibvirtDoes(String vmx) throws Exception {
        Result libvirt = virshFromNative(vmx);
        assertThat(libvirt.exit()).isNotZero();

        VirtException ours = org.assertj.core.api.Assertions.catchThrowableOfType(VirtException.class,
                () -> VmxCodec.toDomain(VmxFile.parse(vmx), VmxFileNames.VERBATIM, VmxCodec.ScsiBus.NARROW));

        assertThat(libvirt.stderr().strip()).isEqualTo("error: " + ours.getMessage());
    }

    /** libvirt's XML read back and written by Virtkit's codec, so both sides are written the same way. */
    private static String normalized(String xml) {
        return DomainXmlCodec.format(DomainXmlCodec.parse(xml));
    }

    private record Result(int exit, String stdout, String stderr) {
    }

    private static Result virshFromNative(String vmx) throws Exception {
        return virshFromNative(vmx.getBytes(StandardCharsets.UTF_8));
    }

    private static Result virshFromNative(byte[] vmx) throws Exception {
        Path file = Files.createTempFile(dir, "sample", ".vmx");
        Files.write(file, vmx);
        ProcessBuilder pb = new ProcessBuilder(List.of("virsh", "-c", "vmwarews:///session", "domxml-from-native",
                "vmware-vmx", file.toString()));
        pb.environment().put("PATH", dir + ":" + System.getenv("PATH"));
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("virsh did not finish");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
