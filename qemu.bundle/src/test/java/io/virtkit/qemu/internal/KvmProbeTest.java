package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KvmProbeTest {

    private static final String QEMU = "/usr/bin/qemu-system-x86_64";

    @TempDir
    Path dir;

    @Test
    void aMissingKvmDeviceIsUnusableWithTheReason() {
        KvmProbe.Result r = KvmProbe.run(QEMU, dir.resolve("no-kvm"), dir, Duration.ofSeconds(5));

        assertThat(r.usable()).isFalse();
        assertThat(r.reason()).startsWith("cannot open " + dir.resolve("no-kvm"));
    }

    @Test
    void bootSectorIsBootableAndWritesTheExitPort() {
        byte[] s = KvmProbe.bootSector();
        assertThat(s).hasSize(512);
        assertThat(s[510]).isEqualTo((byte) 0x55);
        assertThat(s[511]).isEqualTo((byte) 0xAA);
        assertThat(KvmProbe.EXPECTED_EXIT).isEqualTo(99);
    }

    @Test
    void theBootSectorRunsUnderTcgSoTheProbeItselfWorks() throws Exception {
        // The same guest under TCG must exit with the expected status: otherwise a "KVM unusable"
        // verdict could come from a broken probe rather than from KVM.
        Path image = Files.write(dir.resolve("probe.img"), KvmProbe.bootSector());
        Process qemu = new ProcessBuilder(QEMU, "-machine", "pc,accel=tcg", "-m", "16", "-nodefaults",
                "-no-user-config", "-display", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                "-drive", "file=" + image + ",format=raw,if=floppy", "-boot", "a")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            assertThat(qemu.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(qemu.exitValue()).isEqualTo(KvmProbe.EXPECTED_EXIT);
        } finally {
            qemu.destroyForcibly();
        }
    }

    @Test
    void theRealKvmGivesADefiniteVerdictAndLeavesNothing() throws Exception {
        KvmProbe.Result r = KvmProbe.run(QEMU, Path.of("/dev/kvm"), dir, Duration.ofSeconds(20));

        // Either verdict is legitimate on some host; an unusable one must say why.
        if (!r.usable()) {
            assertThat(r.reason()).isNotBlank();
        }
        try (var left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
