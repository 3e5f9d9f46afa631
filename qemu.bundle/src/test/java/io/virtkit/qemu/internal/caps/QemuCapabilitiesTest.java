package io.virtkit.qemu.internal.caps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Domain capabilities and the capabilities XML from a real probe of Debian's qemu-system-x86_64 (TCG), checked
 * against libvirt's schemas and against what libvirt 9.0's QEMU driver answers for the same binary.
 */
class QemuCapabilitiesTest {
    private static final String EMULATOR = SchemaValidator.EMULATOR;
    private static final BooleanSupplier NO_KVM = () -> false;

    /** One probe for the class: the cache's point is that a binary is probed once. */
    private static QemuCapabilities caps;
    private static String defaultXml;

    @TempDir
    Path dir;

    @BeforeAll
    static void probe() {
        SchemaValidator.require(Path.of(EMULATOR), "qemu-system-x86");
        caps = new QemuCapabilities();
        defaultXml = caps.domainCapabilities(null, null, null, null, 0, EMULATOR, NO_KVM);
    }

    @Test
    void theDefaultIsTheEmulatorsDefaultMachineUnderTcgAndSchemaValid() throws Exception {
        assertThat(defaultXml).startsWith("<domainCapabilities>\n  <path>" + EMULATOR + "</path>\n"
                + "  <domain>qemu</domain>\n  <machine>pc-i440fx-")
                .containsPattern("<arch>x86_64</arch>\n  <vcpu max='255'/>\n")
                .contains("<mode name='host-passthrough' supported='no'/>")
                .contains("<mode name='maximum' supported='yes'/>")
                .contains("<mode name='custom' supported='yes'>")
                .contains("<iothreads supported='yes'/>").contains("<vmcoreinfo supported='yes'/>")
                .contains("""
                            <disk supported='yes'>
                              <enum name='diskDevice'>
                                <value>disk</value>
                                <value>cdrom</value>
                              </enum>
                              <enum name='bus'>
                                <value>ide</value>
                                <value>scsi</value>
                                <value>virtio</value>
                                <value>sata</value>
                              </enum>
                              <enum name='model'/>
                            </disk>
                            <graphics supported='yes'>
                              <enum name='type'>
                                <value>vnc</value>
                                <value>spice</value>
                              </enum>
                            </graphics>
                            <video supported='yes'>
                              <enum name='modelType'>
                                <value>vga</value>
                                <value>cirrus</value>
                                <value>qxl</value>
                                <value>virtio</value>
                                <value>none</value>
                              </enum>
                            </video>
                        """.indent(2).stripTrailing().replace("\n  ", "\n").substring(2))
                .contains("<filesystem supported='no'/>").contains("<sev supported='no'/>")
                .contains("<loader supported='no'/>")
                // USB redirection (usb-redir in this QEMU), between the TPM and the channels as libvirt lists it
                .containsSubsequence("<tpm supported='no'/>", """
                            <redirdev supported='yes'>
                              <enum name='bus'>
                                <value>usb</value>
                              </enum>
                            </redirdev>
                        """.indent(2).stripTrailing().replace("\n  ", "\n").substring(2), "<channel supported='yes'>");
        SchemaValidator.assertValid(dir, "domaincaps", defaultXml);
    }

    @Test
    void aMachineAliasIsReportedAsItsMachineAndQ35HasNoIde() throws Exception {
        String q35 = caps.domainCapabilities(null, "x86_64", "q35", "qemu", 0, EMULATOR, NO_KVM);
        assertThat(q35).containsPattern("<machine>pc-q35-[0-9.]+</machine>").contains("<vcpu max='288'/>")
                .doesNotContain("<value>ide</value>").contains("<value>sata</value>");
        SchemaValidator.assertValid(dir, "domaincaps", q35);
        String pc = caps.domainCapabilities(EMULATOR, null, "pc", null, 0, EMULATOR, NO_KVM);
        assertThat(pc).isEqualTo(defaultXml);
        assertThat(caps.domainCapabilities(null, "i686", "isapc", null, 0, EMULATOR, NO_KVM))
                .contains("<machine>isapc</machine>\n  <arch>i686</arch>\n  <vcpu max='1'/>");
    }

    @Test
    void aBinaryIsProbedOnceAndKvmIsNotAskedForATcgDomain() {
        QemuCapabilities fresh = new QemuCapabilities();
        AtomicInteger kvmAsked = new AtomicInteger();
        BooleanSupplier kvm = () -> {
            kvmAsked.incrementAndGet();
            return false;
        };
        for (int i = 0; i < 3; i++) {
            fresh.domainCapabilities(null, null, "q35", "qemu", 0, EMULATOR, kvm);
            fresh.hostCapabilities(EMULATOR, false);
        }
        assertThat(fresh.probes()).isEqualTo(1);
        assertThat(kvmAsked).hasValue(0);
    }

    @Test
    void customCpuModelsComeFromTheProbeWhenTheDriverRunsThem() throws Exception {
        QemuCapabilities withModels = new QemuCapabilities(DriverSupport.QEMU_DRIVER.withCustomCpuModels());
        String xml = withModels.domainCapabilities(null, null, null, "qemu", 0, EMULATOR, NO_KVM);
        // as libvirt 9.0 lists them under TCG: the old generic models run, the recent ones lack features
        assertThat(xml).contains("<mode name='custom' supported='yes'>")
                .containsPattern("<model usable='yes' vendor='[A-Za-z]+'>qemu64</model>")
                .contains("<model usable='no' vendor='Intel'>Skylake-Client</model>")
                .contains("<model usable='yes' vendor='Intel'>Penryn</model>")
                .doesNotContain(">max</model>").doesNotContain(">host</model>");
        SchemaValidator.assertValid(dir, "domaincaps", xml);
    }

    @Test
    void theLoaderListsTheHostsUefiFirmwareAsLibvirtWhenTheDriverRunsIt() throws Exception {
        SchemaValidator.requireFile(Path.of("/usr/share/qemu/firmware/60-edk2-x86_64.json"), "ovmf");
        QemuCapabilities withLoader = new QemuCapabilities(DriverSupport.QEMU_DRIVER.withLoader());
        String pc = withLoader.domainCapabilities(null, null, "pc", "qemu", 0, EMULATOR, NO_KVM);
        // libvirt 9.0's os element for the same binary and machine on this host
        assertThat(pc).contains("""
                  <os supported='yes'>
                    <enum name='firmware'>
                      <value>efi</value>
                    </enum>
                    <loader supported='yes'>
                      <value>/usr/share/OVMF/OVMF_CODE_4M.fd</value>
                      <enum name='type'>
                        <value>rom</value>
                        <value>pflash</value>
                      </enum>
                      <enum name='readonly'>
                        <value>yes</value>
                        <value>no</value>
                      </enum>
                      <enum name='secure'>
                        <value>no</value>
                      </enum>
                    </loader>
                  </os>
                """);
        SchemaValidator.assertValid(dir, "domaincaps", pc);
        String q35 = withLoader.domainCapabilities(null, null, "q35", "qemu", 0, EMULATOR, NO_KVM);
        assertThat(q35).contains("<value>/usr/share/OVMF/OVMF_CODE_4M.secboot.fd</value>")
                .contains("<enum name='secure'>\n        <value>yes</value>\n        <value>no</value>");
        SchemaValidator.assertValid(dir, "domaincaps", q35);
    }

    @Test
    void hostCapabilitiesListTheMachinesWithTheirAliasesAndAreSchemaValid() throws Exception {
        String xml = caps.hostCapabilities(EMULATOR, false);
        assertThat(xml).containsPattern("<arch name='x86_64'>\n      <wordsize>64</wordsize>\n      <emulator>"
                + EMULATOR + "</emulator>\n      <machine maxCpus='255'>(pc-i440fx-[0-9.]+)</machine>\n"
                + "      <machine canonical='\\1' maxCpus='255'>pc</machine>\n")
                .containsPattern("<machine canonical='pc-q35-[0-9.]+' maxCpus='288'>q35</machine>")
                .containsPattern("<machine maxCpus='255' deprecated='yes'>pc-i440fx-1\\.[4-7]</machine>")
                .contains("<arch name='i686'>").contains("<domain type='qemu'/>").doesNotContain("type='kvm'")
                .doesNotContain(">none</machine>");
        assertThat(caps.hostCapabilities(EMULATOR, true)).contains("<domain type='kvm'/>");
        SchemaValidator.assertValid(dir, "capability", xml);
        // an emulator that cannot be probed: the guests are still described, without machine types
        assertThat(caps.hostCapabilities(dir.resolve("none").toString(), false)).doesNotContain("<machine")
                .contains("<domain type='qemu'/>");
    }

    @Test
    void badArgumentsGetLibvirtsCodeAndWords() throws Exception {
        assertError(null, null, "nope", null, 0, ErrorCode.INVALID_ARG,
                "invalid argument: the machine 'nope' is not supported by emulator '" + EMULATOR + "'");
        assertError(null, null, "PC", null, 0, ErrorCode.INVALID_ARG,
                "invalid argument: the machine 'PC' is not supported by emulator '" + EMULATOR + "'");
        assertError(null, "armv7l", null, null, 0, ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: unable to find any emulator to serve 'armv7l' architecture");
        assertError(null, "bogus", null, null, 0, ErrorCode.INVALID_ARG, "invalid argument: unknown architecture: bogus");
        assertError(null, "X86_64", null, null, 0, ErrorCode.INVALID_ARG,
                "invalid argument: unknown architecture: X86_64");
        assertError(EMULATOR, "aarch64", null, null, 0, ErrorCode.INVALID_ARG,
                "invalid argument: architecture from emulator 'x86_64' doesn't match given architecture 'aarch64'");
        assertError(null, null, null, "bogus", 0, ErrorCode.INVALID_ARG, "invalid argument: unknown virttype: bogus");
        assertError(null, null, null, "QEMU", 0, ErrorCode.INVALID_ARG, "invalid argument: unknown virttype: QEMU");
        assertError(null, null, null, "xen", 0, ErrorCode.INVALID_ARG,
                "invalid argument: the accel 'tcg' is not supported by '" + EMULATOR + "' on this host");
        assertError(null, null, null, "kvm", 0, ErrorCode.INVALID_ARG,
                "invalid argument: the accel 'kvm' is not supported by '" + EMULATOR + "' on this host");
        assertError(null, null, null, null, 1, ErrorCode.INVALID_ARG,
                "unsupported flags (0x1) in function qemuConnectGetDomainCapabilities");
        assertError("/nonexistent/qemu", null, null, null, 0, ErrorCode.SYSTEM_ERROR,
                "Cannot check QEMU binary /nonexistent/qemu: No such file or directory");
        Path notExecutable = Files.writeString(dir.resolve("qemu"), "");
        Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
        assertError(notExecutable.toString(), null, null, null, 0, ErrorCode.SYSTEM_ERROR,
                "QEMU binary " + notExecutable + " is not executable: Permission denied");
        Path notQemu = Files.writeString(dir.resolve("not-qemu"), "#!/bin/sh\necho 'not a qemu' >&2\nexit 3\n");
        Files.setPosixFilePermissions(notQemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertThatThrownBy(() -> caps.domainCapabilities(notQemu.toString(), null, null, null, 0, EMULATOR, NO_KVM))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).isEqualTo("internal error: Failed to probe capabilities for "
                            + notQemu + ": exited with status 3: not a qemu");
                });
    }

    private static void assertError(String emulatorbin, String arch, String machine, String virttype, long flags,
            ErrorCode code, String message) {
        assertThatThrownBy(() -> caps.domainCapabilities(emulatorbin, arch, machine, virttype, flags, EMULATOR,
                NO_KVM)).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.getMessage()).isEqualTo(message);
                });
    }
}
