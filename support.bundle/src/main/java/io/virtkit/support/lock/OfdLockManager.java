package io.virtkit.support.lock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.sun.jna.LastErrorException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainLeases;
import io.virtkit.api.driver.DomainLockManager;

/**
 * libvirt's "lockd" lock manager without a daemon of its own (registered by the cluster bundle): a disk lease is an OFD write lock on byte 0 of
 * the disk file itself (lockd's {@code auto_disk_leases} with no lockspace directory) or, with a lockspace
 * directory every host mounts, of {@code <dir>/<sha256 hex of the disk's absolute path>} (lockd's
 * {@code file_lockspace_dir}, which suits block devices: their locks do not cross hosts, a file on shared
 * storage does). QEMU locks its images on bytes 100 and up and 200 and up (block/file-posix.c leaves byte 0 to
 * libvirt), so a lease never meets QEMU's own locks.
 *
 * <p>Lockspace files are created 0600 and never removed (libvirt's lockd removes them on release and
 * re-checks the inode after each lock to survive that race; keeping them needs neither).
 */
public final class OfdLockManager implements DomainLockManager {

    /** The lease byte: libvirt's, below QEMU's lock bytes. */
    static final long LEASE_OFFSET = 0;
    static final long LEASE_LENGTH = 1;

    private final Optional<Path> lockspaceDir;

    /** @param lockspaceDir the directory of lock files; empty: the disks themselves are locked */
    public OfdLockManager(Optional<Path> lockspaceDir) {
        this.lockspaceDir = lockspaceDir.map(p -> p.toAbsolutePath().normalize());
    }

    @Override
    public DomainLeases acquire(String domainName, UUID uuid, List<String> diskPaths) {
        Objects.requireNonNull(diskPaths, "diskPaths");
        // a disk named twice is one lease: a second description of the same file would conflict with the first
        LinkedHashSet<String> disks = new LinkedHashSet<>();
        for (String p : diskPaths) {
            disks.add(Path.of(p).toAbsolutePath().normalize().toString());
        }
        List<String> taken = new ArrayList<>();
        List<Integer> fds = new ArrayList<>();
        try {
            for (String disk : disks) {
                fds.add(lock(disk));
                taken.add(disk);
            }
        } catch (RuntimeException e) {
            fds.forEach(OfdLocks::closeQuietly);
            throw e;
        }
        return new FileLeases(taken, fds);
    }

    /** The file holding {@code disk}'s lease. */
    public Path leaseFile(String disk) {
        return lockspaceDir.map(dir -> dir.resolve(sha256Hex(disk))).orElse(Path.of(disk));
    }

    private int lock(String disk) {
        Path file = leaseFile(disk);
        if (lockspaceDir.isPresent()) {
            createLeaseFile(file);
        }
        int fd;
        try {
            fd = OfdLocks.open(file.toString(), OfdLocks.O_RDWR | OfdLocks.O_CLOEXEC | OfdLocks.O_NOCTTY);
        } catch (LastErrorException e) {
            throw systemError("Unable to open/create resource " + file, e.getErrorCode());
        }
        try {
            OfdLocks.writeLock(fd, LEASE_OFFSET, LEASE_LENGTH);
            return fd;
        } catch (LastErrorException e) {
            OfdLocks.closeQuietly(fd);
            if (e.getErrorCode() == OfdLocks.EAGAIN || e.getErrorCode() == OfdLocks.EACCES) {
                throw new VirtException(ErrorCode.RESOURCE_BUSY, ErrorDomain.LOCKSPACE,
                        "Lockspace resource '" + disk + "' is locked");
            }
            throw systemError("Unable to acquire lock on '" + file + "'", e.getErrorCode());
        }
    }

    /** Creates the lockspace (0700, as libvirt's) and the lease file (0600) when missing. */
    private void createLeaseFile(Path file) {
        Path dir = file.getParent();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rwx------")));
            }
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LOCKSPACE,
                    "Unable to create lockspace " + dir + ": " + e.getMessage(), e);
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            // another acquire (on any host) created it first: the lock below decides
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LOCKSPACE,
                    "Unable to open/create resource " + file + ": " + e.getMessage(), e);
        }
    }

    private static VirtException systemError(String what, int errno) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.LOCKSPACE,
                what + ": " + OfdLocks.describe(errno));
    }

    public static String sha256Hex(String path) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(path.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
