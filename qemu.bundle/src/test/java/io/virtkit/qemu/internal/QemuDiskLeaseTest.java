package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainLeases;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.support.lock.OfdLockManager;

/**
 * Disk leases with real QEMUs (TCG, no guest to boot: a guest sitting in its firmware holds its disk as well): two
 * QEMU driver instances with their own directories and lock managers stand for two hosts sharing one disk. The
 * leases are support's OFD locks, the ones the cluster bundle registers, so the test can probe a lease with a lock
 * manager of its own (a third "host").
 */
class QemuDiskLeaseTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final DomainLockManager probe = new OfdLockManager(Optional.empty());
    private QemuDriver hostA;
    private QemuDriver hostB;
    private QemuDriverSettings settingsB;
    private Path disk;

    @BeforeEach
    void twoHostsOneDisk() throws IOException {
        hostA = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp.resolve("a")))
                .withLockManager(new OfdLockManager(Optional.empty()));
        settingsB = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp.resolve("b"));
        hostB = new QemuDriver(settingsB).withLockManager(new OfdLockManager(Optional.empty()));
        disk = tmp.resolve("shared.img");
        try (RandomAccessFile f = new RandomAccessFile(disk.toFile(), "rw")) {
            f.setLength(1L << 20);
        }
    }

    @AfterEach
    void tearDown() {
        try {
            for (QemuDriver d : new QemuDriver[] {hostA, hostB}) {
                if (d != null) {
                    QemuGuests.stop(d);
                }
            }
        } finally {
            guests.killAll();
        }
    }

    @Test
    void aDiskRunsUnderOneQemuAtATimeAndItsLeaseEndsWithThatQemu() throws Exception {
        Connection a = QemuGuests.open(hostA, "qemu:///session");
        Connection b = QemuGuests.open(hostB, "qemu:///session");
        Domain onA = a.createDomain(guests.xml("lease-a", diskXml(false)));
        assertThat(onA.state().state()).isEqualTo(DomainState.RUNNING);
        // the daemon handed its descriptor to QEMU and closed it: only QEMU holds the lease now
        assertThat(openDescriptorsOf(ProcessHandle.current().pid())).doesNotContain(disk.toString());
        assertBusy(() -> probe.acquire("probe", UUID.randomUUID(), List.of(disk.toString())));

        // the second host refuses another guest on the disk before launching anything
        Domain defined = b.defineDomain(guests.xml("lease-b", diskXml(false)));
        assertBusy(() -> defined.start());
        assertThat(defined.state().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(guests.processesOf(defined.uuid())).isEmpty();
        assertThat(files(settingsB.session().runtime())).isEmpty();
        assertThat(files(settingsB.session().log())).isEmpty();
        assertThat(openDescriptorsOf(ProcessHandle.current().pid())).doesNotContain(disk.toString());
        // a read-only or shareable use of the disk takes no lease: libvirt's lockd leaves those alone
        assertThat(QemuDiskLeases.leasedDisks(io.virtkit.model.domain.DomainXmlCodec.parse(
                guests.xml("ro", diskXml(true))))).isEmpty();

        // the daemon of host A goes away: its guest, and with it the lease, stays
        long qemuPid = guests.processesOf(onA.uuid()).get(0).pid();
        QemuGuests.stop(hostA);
        hostA = null;
        assertBusy(() -> probe.acquire("probe", UUID.randomUUID(), List.of(disk.toString())));

        // QEMU killed outright: the kernel ends the lease with its last descriptor
        ProcessHandle qemu = ProcessHandle.of(qemuPid).orElseThrow();
        new ProcessBuilder("kill", "-9", Long.toString(qemuPid)).start().waitFor();
        assertThat(QemuState.waitForExit(qemu, Duration.ofSeconds(10))).isTrue();
        probe.acquire("probe", UUID.randomUUID(), List.of(disk.toString())).close();

        defined.start();
        assertThat(defined.state().state()).isEqualTo(DomainState.RUNNING);
        defined.destroy();
        try (DomainLeases free = probe.acquire("probe", UUID.randomUUID(), List.of(disk.toString()))) {
            assertThat(free.resources()).containsExactly(disk.toString());
        }
    }

    private String diskXml(boolean readonly) {
        return "<devices><disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + disk
                + "'/><target dev='vda' bus='virtio'/>" + (readonly ? "<readonly/>" : "") + "</disk></devices>";
    }

    private void assertBusy(Runnable acquire) {
        assertThatThrownBy(acquire::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_BUSY);
            assertThat(e.domain()).isEqualTo(ErrorDomain.LOCKSPACE);
            assertThat(e.getMessage()).isEqualTo("resource busy: Lockspace resource '" + disk + "' is locked");
        });
    }

    /** The files a process has open (its /proc/PID/fd links). */
    private static List<String> openDescriptorsOf(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    return ""; // closed meanwhile
                }
            }).toList();
        }
    }
}
