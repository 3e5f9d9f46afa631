package io.virtkit.support.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainLeases;

/**
 * Real files and real OFD locks. One JVM stands for two hosts: OFD locks belong to open file descriptions, so
 * two acquires in one process conflict as two processes (or two hosts on storage with POSIX locks) would.
 * That a lease survives in another process after this one closed its copy is proven with a real QEMU in
 * qemu.bundle (QemuDiskLeaseTest); here, with a duplicate of the descriptor, which shares the description as a
 * descriptor passed over a UNIX socket does.
 */
class OfdLockManagerTest {

    private static final UUID UUID_A = UUID.fromString("11111111-2222-3333-4444-555555555555");

    private Path dir;
    private Path diskA;
    private Path diskB;

    @BeforeEach
    void files() throws IOException {
        Path target = Path.of("target");
        Files.createDirectories(target);
        dir = Files.createTempDirectory(target.toAbsolutePath(), "leases-");
        diskA = Files.writeString(dir.resolve("a.img"), "disk a");
        diskB = Files.writeString(dir.resolve("b.img"), "disk b");
    }

    @AfterEach
    void removeFiles() throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void aSecondAcquireOfTheSameDiskIsRefusedUntilTheFirstIsClosed() {
        OfdLockManager host1 = new OfdLockManager(Optional.empty());
        OfdLockManager host2 = new OfdLockManager(Optional.empty());
        DomainLeases first = host1.acquire("a", UUID_A, List.of(diskA.toString()));
        assertThat(first.resources()).containsExactly(diskA.toString());
        assertThat(first.fileDescriptors()).hasSize(1).allMatch(fd -> fd >= 0);

        assertThatThrownBy(() -> host2.acquire("a", UUID_A, List.of(diskA.toString())))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.RESOURCE_BUSY);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.LOCKSPACE);
                    assertThat(e.getMessage())
                            .isEqualTo("resource busy: Lockspace resource '" + diskA + "' is locked");
                });

        first.close();
        first.close(); // idempotent
        try (DomainLeases again = host2.acquire("a", UUID_A, List.of(diskA.toString()))) {
            assertThat(again.resources()).containsExactly(diskA.toString());
        }
    }

    @Test
    void aBusyDiskReleasesEveryLeaseTheAcquireHadTaken() {
        OfdLockManager locks = new OfdLockManager(Optional.empty());
        try (DomainLeases holderOfB = locks.acquire("other", UUID_A, List.of(diskB.toString()))) {
            assertThatThrownBy(() -> locks.acquire("a", UUID_A, List.of(diskA.toString(), diskB.toString())))
                    .hasMessage("resource busy: Lockspace resource '" + diskB + "' is locked");
            // disk A was locked before B failed: it must be free again
            try (DomainLeases a = locks.acquire("x", UUID_A, List.of(diskA.toString()))) {
                assertThat(a.resources()).containsExactly(diskA.toString());
            }
        }
    }

    @Test
    void aDiskNamedTwiceIsOneLeaseAndRelativePathsAreMadeAbsolute() {
        OfdLockManager locks = new OfdLockManager(Optional.empty());
        String relative = Path.of("").toAbsolutePath().relativize(diskA).toString();
        try (DomainLeases leases = locks.acquire("a", UUID_A, List.of(diskA.toString(), relative))) {
            assertThat(leases.resources()).containsExactly(diskA.toString());
            assertThat(leases.fileDescriptors()).hasSize(1);
        }
    }

    @Test
    void theLeaseLeavesQemusLockBytesAndTheDiskContentAlone() throws IOException {
        OfdLockManager locks = new OfdLockManager(Optional.empty());
        try (DomainLeases leases = locks.acquire("a", UUID_A, List.of(diskA.toString()))) {
            int other = OfdLocks.open(diskA.toString(), OfdLocks.O_RDWR | OfdLocks.O_CLOEXEC);
            try {
                // QEMU's permission bytes (100 + n) and shared bytes (200 + n) stay free for another description
                OfdLocks.writeLock(other, 100, 100);
                OfdLocks.writeLock(other, 200, 100);
            } finally {
                OfdLocks.closeQuietly(other);
            }
        }
        assertThat(Files.readString(diskA)).isEqualTo("disk a");
    }

    @Test
    void aDuplicatedDescriptorKeepsTheLeaseAfterTheLeasesAreClosed() {
        OfdLockManager locks = new OfdLockManager(Optional.empty());
        DomainLeases leases = locks.acquire("a", UUID_A, List.of(diskA.toString()));
        // what getfd over SCM_RIGHTS gives QEMU: another descriptor of the same open file description
        int dup = OfdLocks.fcntl(leases.fileDescriptors().get(0), OfdLocks.F_DUPFD_CLOEXEC, 0);
        try {
            leases.close();
            assertThatThrownBy(() -> locks.acquire("a", UUID_A, List.of(diskA.toString())))
                    .isInstanceOf(VirtException.class).hasMessageContaining("is locked");
        } finally {
            OfdLocks.closeQuietly(dup);
        }
        locks.acquire("a", UUID_A, List.of(diskA.toString())).close();
    }

    @Test
    void withALockspaceDirTheLeaseIsAFileNamedByTheSha256OfThePath() throws IOException {
        Path lockspace = dir.resolve("lockspace");
        OfdLockManager host1 = new OfdLockManager(Optional.of(lockspace));
        OfdLockManager host2 = new OfdLockManager(Optional.of(lockspace));
        try (DomainLeases leases = host1.acquire("a", UUID_A, List.of(diskA.toString()))) {
            Path file = lockspace.resolve(OfdLockManager.sha256Hex(diskA.toString()));
            assertThat(file.getFileName().toString()).hasSize(64).matches("[0-9a-f]+");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            assertThat(Files.getPosixFilePermissions(lockspace)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
            assertThat(leases.resources()).containsExactly(diskA.toString());
            assertThatThrownBy(() -> host2.acquire("a", UUID_A, List.of(diskA.toString())))
                    .hasMessage("resource busy: Lockspace resource '" + diskA + "' is locked");
            // the disk itself is not locked in this mode
            try (DomainLeases direct = new OfdLockManager(Optional.empty())
                    .acquire("a", UUID_A, List.of(diskA.toString()))) {
                assertThat(direct.fileDescriptors()).hasSize(1);
            }
        }
        // a disk that does not exist (yet) on this host still has its lease file
        Path missing = dir.resolve("missing.img");
        try (DomainLeases leases = host2.acquire("m", UUID_A, List.of(missing.toString()))) {
            assertThat(lockspace.resolve(OfdLockManager.sha256Hex(missing.toString()))).exists();
        }
        assertThat(missing).doesNotExist();
    }

    @Test
    void aMissingDiskIsASystemErrorWithLibvirtsWording() {
        OfdLockManager locks = new OfdLockManager(Optional.empty());
        Path missing = dir.resolve("missing.img");
        try (DomainLeases heldA = locks.acquire("a", UUID_A, List.of(diskA.toString()))) {
            assertThatThrownBy(() -> locks.acquire("b", UUID_A, List.of(diskB.toString(), missing.toString())))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                        assertThat(e.getMessage()).isEqualTo(
                                "Unable to open/create resource " + missing + ": No such file or directory");
                    });
        }
        // B was released when the missing disk failed
        locks.acquire("b", UUID_A, List.of(diskB.toString())).close();
    }
}
