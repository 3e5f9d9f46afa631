package io.virtkit.qemu.internal;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DiskSource;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.storage.StoragePoolType;
import io.virtkit.model.storage.StoragePoolXmlCodec;
import io.virtkit.model.storage.StorageVolumeXmlCodec;

/**
 * libvirt's {@code virDomainDiskTranslateSourcePool} for the QEMU driver: each {@code <disk type='volume'>} of a
 * domain about to start becomes, for its command line only, the file or block disk of the volume's path, with
 * the volume's format when the disk names none. The storage comes from the storage sub-driver serving the
 * same URI ({@link StorageConnection}), never from another driver bundle. Refusals are libvirt's: an inactive
 * pool, a missing pool or volume (the storage driver's own NO_STORAGE_POOL / NO_STORAGE_VOL), a network pool
 * type (rbd, gluster, sheepdog, iscsi-direct) and an iSCSI volume opened {@code direct} (network disks, not
 * opened by this driver yet), a source mode outside iSCSI pools, a network volume.
 */
final class DiskVolumeSources {

    private DiskVolumeSources() {
    }

    /** Whether {@code def} has a volume disk, so that a storage connection is needed to start it. */
    static boolean needsStorage(DomainDefinition def) {
        return def.devices().disks().stream().anyMatch(d -> d.type() == DiskDevice.Type.VOLUME);
    }

    /** {@code def} with its volume disks resolved through {@code storage}. */
    static DomainDefinition resolve(DomainDefinition def, StorageConnection storage) {
        if (!needsStorage(def)) {
            return def;
        }
        List<DiskDevice> disks = new ArrayList<>();
        for (DiskDevice disk : def.devices().disks()) {
            disks.add(disk.type() == DiskDevice.Type.VOLUME ? resolve(disk, storage) : disk);
        }
        return def.withDevices(def.devices().toBuilder().disks(disks).build());
    }

    static DiskDevice resolve(DiskDevice disk, StorageConnection storage) {
        DiskSource src = disk.sourceDetail();
        if (src == null || src.pool() == null || src.volume() == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "missing pool or volume of volume disk '" + disk.targetDev() + "'");
        }
        StoragePoolRef pool = storage.lookupStoragePoolByName(src.pool());
        if (!storage.storagePoolIsActive(pool)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "storage pool '" + src.pool() + "' containing volume '" + src.volume() + "' is not active");
        }
        StoragePoolType poolType = StoragePoolXmlCodec.parse(storage.storagePoolXml(pool, 0)).type();
        if (src.mode() != null && poolType != StoragePoolType.ISCSI) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "disk source mode is only valid when storage pool is of iscsi type");
        }
        if (poolType.isNetwork()) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "using '"
                    + poolType.xmlName() + "' pools for backing 'volume' disks isn't yet supported");
        }
        if ("direct".equals(src.mode())) { // libvirt makes it an iSCSI network disk, which this driver does not open
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN, "disk type 'network' of disk '"
                    + disk.targetDev() + "' is not supported by the QEMU driver");
        }
        StorageVolumeRef volume = storage.lookupStorageVolumeByName(pool, src.volume());
        StorageVolumeType type = storage.storageVolumeInfo(volume, 0).type();
        // a directory volume becomes a dir disk, which the command line's checks then refuse by name
        DiskDevice.Type actual = switch (type) {
            case FILE, PLOOP -> DiskDevice.Type.FILE;
            case BLOCK -> DiskDevice.Type.BLOCK;
            case DIR -> DiskDevice.Type.DIR;
            default -> throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                    "unexpected storage volume type '" + type.label() + "' for storage pool type '"
                            + poolType.xmlName() + "'");
        };
        String path = storage.storageVolumePath(volume);
        DiskDevice.Builder b = disk.toBuilder().type(actual).sourceDetail(new DiskSource(path, null, null, null,
                null, null, null, null, null, null, src.startupPolicy(), src.index(), List.of(), null,
                src.settings()));
        if (disk.driverType() == null) {
            String format = StorageVolumeXmlCodec.parse(storage.storageVolumeXml(volume, 0)).target().format();
            if (format != null && !format.equals("none")) {
                b.driverType(format);
            }
        }
        return b.build();
    }
}
