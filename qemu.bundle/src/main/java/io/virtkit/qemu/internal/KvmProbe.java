package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether KVM can really run a guest here. An openable {@code /dev/kvm} is not enough: on some hosts
 * (nested or emulated KVM) QEMU starts, then the guest crawls and dies minutes later with "KVM internal
 * error … emulation failure". So the probe boots a 512-byte boot sector under KVM that writes to QEMU's
 * isa-debug-exit port, and KVM counts as usable only when QEMU exits with the code that write gives,
 * in time, without warning that the host cannot provide the default guest CPU.
 */
final class KvmProbe {

    /** The verdict: usable, or not with the reason (QEMU's own words where it gave any). */
    record Result(boolean usable, String reason) {
    }

    /** {@code out 0xf4, al} with al = 0x31 makes QEMU exit with (0x31 << 1) | 1. */
    static final int EXPECTED_EXIT = (0x31 << 1) | 1;

    /** How often the probe's output is read for a complaint while the test guest runs. */
    private static final Duration COMPLAINT_POLL = Duration.ofMillis(20);

    private KvmProbe() {
    }

    static Result run(String emulator, Path kvmDevice, Path workDir, Duration timeout) {
        // Opened read-write, never created: the access QEMU needs.
        try (FileChannel kvm = FileChannel.open(kvmDevice, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            // nothing to do: opening is the check
        } catch (NoSuchFileException e) {
            return new Result(false, "cannot open " + kvmDevice + ": No such file or directory");
        } catch (IOException e) {
            return new Result(false, "cannot open " + kvmDevice + ": " + e.getMessage());
        }
        Path image = null;
        Path log = null;
        Process qemu = null;
        try {
            Files.createDirectories(workDir);
            image = Files.createTempFile(workDir, "kvm-probe", ".img");
            log = Files.createTempFile(workDir, "kvm-probe", ".log");
            Files.write(image, bootSector());
            qemu = new ProcessBuilder(List.of(emulator, "-machine", "pc,accel=kvm", "-m", "16", "-nodefaults",
                    "-no-user-config", "-display", "none", "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04",
                    "-drive", "file=" + image.toString().replace(",", ",,") + ",format=raw,if=floppy", "-boot", "a"))
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            // QEMU names what KVM lacks as it sets the vCPU up, then may take seconds more to run the guest on a
            // crippled KVM (5 s measured on a nested host): the verdict is taken as soon as a complaint is written.
            long deadline = System.nanoTime() + timeout.toNanos();
            boolean exited = false;
            String output = "";
            Optional<String> complaint = Optional.empty();
            while (!exited && complaint.isEmpty() && System.nanoTime() < deadline) {
                exited = qemu.waitFor(Math.min(COMPLAINT_POLL.toNanos(), Math.max(1, deadline - System.nanoTime())),
                        TimeUnit.NANOSECONDS);
                output = Files.readString(log, StandardCharsets.UTF_8);
                complaint = complaintIn(output);
            }
            if (complaint.isPresent()) {
                return new Result(false, strip(complaint.get()));
            }
            if (!exited) {
                return new Result(false, "a test guest did not finish under KVM within " + timeout.toMillis() + " ms");
            }
            if (qemu.exitValue() != EXPECTED_EXIT) {
                String last = output.lines().reduce((a, b) -> b).map(KvmProbe::strip).orElse("no output");
                return new Result(false, "a test guest under KVM ended with status " + qemu.exitValue() + ": " + last);
            }
            return new Result(true, "");
        } catch (IOException e) {
            return new Result(false, "cannot run the KVM probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted while probing KVM");
        } finally {
            if (qemu != null && qemu.isAlive()) {
                qemu.destroyForcibly();
                try {
                    qemu.waitFor(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            deleteQuietly(image);
            deleteQuietly(log);
        }
    }

    private static Optional<String> complaintIn(String output) {
        return output.lines()
                .filter(l -> l.contains("host doesn't support requested feature") || l.contains("KVM internal error")
                        || l.contains("failed to initialize kvm") || l.contains("Could not access KVM"))
                .findFirst();
    }

    /** A floppy boot sector: mov al, 0x31; out 0xf4, al; hlt; jmp $ — then the 0x55AA signature. */
    static byte[] bootSector() {
        byte[] sector = new byte[512];
        byte[] code = {(byte) 0xB0, 0x31, (byte) 0xE6, (byte) 0xF4, (byte) 0xF4, (byte) 0xEB, (byte) 0xFE};
        System.arraycopy(code, 0, sector, 0, code.length);
        sector[510] = 0x55;
        sector[511] = (byte) 0xAA;
        return sector;
    }

    private static String strip(String line) {
        return line.replaceFirst("^\\S*qemu-system-\\S+: ", "").replaceFirst("^warning: ", "").strip();
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a leftover probe file in the runtime dir is harmless and overwritten next time
            }
        }
    }
}
