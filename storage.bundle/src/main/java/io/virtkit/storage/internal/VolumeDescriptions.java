package io.virtkit.storage.internal;

import io.virtkit.model.storage.StoragePermissions;
import io.virtkit.model.storage.StorageVolumeDefinition;
import io.virtkit.model.storage.VolumeBackingStore;
import io.virtkit.model.storage.VolumeTarget;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A volume's definition as libvirt's {@code vol-dumpxml} of a dir or fs pool gives it: sizes (capacity,
 * allocation, physical), the target's format, permissions and timestamps from a stat, a qcow2 image's compat,
 * cluster size and features, and the backing store's path, format, permissions and timestamps.
 */
final class VolumeDescriptions {
    private VolumeDescriptions() {
    }

    static StorageVolumeDefinition of(HostVolume v) {
        Optional<FileStat> stat = FileStat.of(v.path());
        VolumeTarget target = VolumeTarget.builder().path(v.path().toString()).format(v.format())
                .permissions(stat.map(FileStat::permissions).orElse(StoragePermissions.NONE))
                .timestamps(stat.map(FileStat::timestamps).orElse(null))
                .compat(v.compat()).clusterSize(v.clusterSize()).features(v.features()).build();
        var builder = StorageVolumeDefinition.builder(v.name(), v.capacity())
                .type(switch (v.kind()) {
                    case FILE -> StorageVolumeDefinition.Type.FILE;
                    case BLOCK -> StorageVolumeDefinition.Type.BLOCK;
                    case DIR -> StorageVolumeDefinition.Type.DIR;
                })
                .key(v.path().toString()).allocation(v.allocation()).physical(v.physical()).target(target);
        if (v.backingFile() != null) {
            Optional<FileStat> backing = FileStat.of(Path.of(v.backingFile()));
            builder.backingStore(new VolumeBackingStore(v.backingFile(), v.backingFormat(),
                    backing.map(FileStat::permissions).orElse(StoragePermissions.NONE),
                    backing.map(FileStat::timestamps).orElse(null)));
        }
        return builder.build();
    }
}
