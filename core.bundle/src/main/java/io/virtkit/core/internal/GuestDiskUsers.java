package io.virtkit.core.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * Which running guest of a connection has a volume as a disk: a join of the connection's two sides, made here
 * in core so that the storage driver needs nothing of the hypervisor's. A disk uses the volume when its source
 * is the volume's path (a file or block disk) or names its pool and volume ({@code <disk type='volume'>}).
 * libvirt itself does not look; Virtkit refuses to delete, wipe or shrink such a volume with libvirt's wording
 * for a volume in use.
 */
final class GuestDiskUsers {
    private GuestDiskUsers() {
    }

    /** Refuses (OPERATION_INVALID, libvirt's "still in use") when a running guest has {@code volume} as a disk. */
    static void requireUnused(HypervisorConnection hypervisor, StorageVolumeRef volume, String path) {
        if (user(hypervisor, volume, path).isPresent()) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                    "volume '" + volume.name() + "' is still in use.");
        }
    }

    /** The name of a running guest with {@code volume} as a disk. */
    static Optional<String> user(HypervisorConnection hypervisor, StorageVolumeRef volume, String path) {
        Path file = path == null ? null : Path.of(path).normalize();
        List<DomainRef> running;
        try {
            running = hypervisor.listAllDomains(Flag.bits(DomainListFlag.ACTIVE));
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return Optional.empty(); // a hypervisor side without domains runs no guest
            }
            throw e;
        }
        for (DomainRef domain : running) {
            DomainDefinition def;
            try {
                def = DomainXmlCodec.parseLive(hypervisor.domainXml(domain, 0));
            } catch (VirtException e) {
                continue; // gone meanwhile
            }
            for (DiskDevice disk : def.devices().disks()) {
                if (uses(disk, volume, file)) {
                    return Optional.of(def.name());
                }
            }
        }
        return Optional.empty();
    }

    private static boolean uses(DiskDevice disk, StorageVolumeRef volume, Path file) {
        if (disk.type() == DiskDevice.Type.VOLUME) {
            var src = disk.sourceDetail();
            return src != null && volume.pool().equals(src.pool()) && volume.name().equals(src.volume());
        }
        return (disk.type() == DiskDevice.Type.FILE || disk.type() == DiskDevice.Type.BLOCK) && disk.source() != null
                && file != null && Path.of(disk.source()).normalize().equals(file);
    }
}
