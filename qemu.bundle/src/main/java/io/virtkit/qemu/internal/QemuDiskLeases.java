package io.virtkit.qemu.internal;

import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.virtkit.api.driver.DomainLeases;
import io.virtkit.api.driver.DomainLockManager;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.qemu.internal.qmp.QmpCommandException;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;

/**
 * A guest's disk leases (libvirt's {@code domain_lock.c} with the lockd plugin), when a {@link DomainLockManager}
 * is there: taken by the daemon, handed to QEMU over its fd-passing monitor ({@code getfd} as
 * {@code vk-lease-N}) and the daemon's copies closed, so QEMU alone holds them and they end with its process
 * whatever happens to the daemon. Every {@code cont} is preceded by {@link #renew}, so no guest CPU runs
 * without its leases; a migration source gives them up ({@link #drop}) once its CPUs stopped for good.
 *
 * <p>Leased are the disks libvirt's lockd leases: writable ({@code <readonly/>} and CD-ROMs are read-only),
 * not {@code <shareable/>}, backed by a host file or block device (volume disks resolved to theirs).
 */
final class QemuDiskLeases {

    private static final System.Logger LOG = System.getLogger(QemuDiskLeases.class.getName());
    static final String FD_PREFIX = "vk-lease-";

    private final Supplier<DomainLockManager> manager;
    private final Duration timeout;

    QemuDiskLeases(Supplier<DomainLockManager> manager, Duration timeout) {
        this.manager = manager;
        this.timeout = timeout;
    }

    /** The disks of {@code resolved} (volume disks resolved) that take a lease. */
    static List<String> leasedDisks(DomainDefinition resolved) {
        List<String> paths = new ArrayList<>();
        for (DiskDevice disk : resolved.devices().disks()) {
            if ((disk.type() == DiskDevice.Type.FILE || disk.type() == DiskDevice.Type.BLOCK)
                    && disk.source() != null && !disk.readonly() && !disk.shareable()
                    && disk.device() != DiskDevice.Device.CDROM) {
                paths.add(disk.source());
            }
        }
        return paths;
    }

    /** Whether a start of {@code resolved} takes leases now (a lock manager is there and a disk needs one). */
    boolean wanted(DomainDefinition resolved) {
        return manager.get() != null && !leasedDisks(resolved).isEmpty();
    }

    /**
     * Takes the leases of {@code resolved}'s disks (before its QEMU opens them); null when {@link #wanted} is not.
     *
     * @throws io.virtkit.api.VirtException the lock manager's error (RESOURCE_BUSY when another holds one)
     */
    DomainLeases acquire(DomainDefinition resolved) {
        DomainLockManager locks = manager.get();
        List<String> disks = leasedDisks(resolved);
        if (locks == null || disks.isEmpty()) {
            return null;
        }
        return locks.acquire(resolved.name(), resolved.uuid(), disks);
    }

    /** Hands the leases to QEMU over {@code fdPass} and closes the daemon's copies (also on failure). */
    void hand(DomainLeases leases, Path fdPass) {
        try (leases; QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout)) {
            List<Integer> fds = leases.fileDescriptors();
            for (int i = 0; i < fds.size(); i++) {
                channel.passFd(fds.get(i), FD_PREFIX + i, timeout);
            }
        }
    }

    /**
     * Before a {@code cont}: QEMU lets go of what it may still hold (a paused guest's leases may be gone, e.g. after
     * a completed outgoing migration), then the leases are taken again and handed over. A QEMU started without the
     * fd-passing monitor (no lock manager then) runs on without leases, as before.
     *
     * @throws io.virtkit.api.VirtException the lock manager's error: the guest must not run
     */
    void renew(DomainDefinition resolved, Path monitor) {
        if (!wanted(resolved)) {
            return;
        }
        Path fdPass = fdPassOf(resolved, monitor);
        if (fdPass == null) {
            return;
        }
        drop(resolved, monitor);
        DomainLeases leases = acquire(resolved);
        if (leases != null) {
            hand(leases, fdPass);
        }
    }

    /** Makes QEMU close its lease descriptors ({@code closefd}); names it never had are skipped. */
    void drop(DomainDefinition resolved, Path monitor) {
        Path fdPass = fdPassOf(resolved, monitor);
        int count = leasedDisks(resolved).size();
        if (fdPass == null || count == 0) {
            return;
        }
        try (QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout)) {
            for (int i = 0; i < count; i++) {
                try {
                    channel.closeFd(FD_PREFIX + i, timeout);
                } catch (QmpCommandException e) {
                    // not held (never passed, or a disk named twice shared one lease): nothing to give up
                }
            }
        }
    }

    private static Path fdPassOf(DomainDefinition def, Path monitor) {
        Path fdPass = io.virtkit.qemu.internal.command.QemuCommandLine.fdPassSocket(monitor);
        if (!Files.exists(fdPass)) {
            LOG.log(Level.WARNING, "domain '" + def.name() + "' runs without disk leases: its QEMU was started "
                    + "without the fd-passing monitor (no lock manager then)");
            return null;
        }
        return fdPass;
    }
}
