package io.virtkit.esx.internal;

import java.util.List;
import java.util.Locale;

import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.model.storage.PoolHost;
import io.virtkit.model.storage.PoolSource;
import io.virtkit.model.storage.PoolTarget;
import io.virtkit.model.storage.StoragePermissions;
import io.virtkit.model.storage.StoragePoolDefinition;
import io.virtkit.model.storage.StoragePoolType;
import io.virtkit.model.storage.StoragePoolXmlCodec;

/**
 * A datastore's pool XML as libvirt's VMFS backend writes it: type {@code dir} for a local datastore,
 * {@code netfs} (its NFS or CIFS server and export as source) for a NAS one, {@code fs} for VMFS; the mount
 * path as target, with permissions 0 owned by 0:0 (libvirt leaves them unset, which it prints so); the sizes
 * while the datastore is accessible.
 */
final class EsxPoolXml {

    private EsxPoolXml() {
    }

    static StoragePoolType type(EsxDatastore ds) {
        String type = ds.infoType();
        if ("LocalDatastoreInfo".equals(type)) {
            return StoragePoolType.DIR;
        }
        if ("NasDatastoreInfo".equals(type)) {
            return StoragePoolType.NETFS;
        }
        if ("VmfsDatastoreInfo".equals(type)) {
            return StoragePoolType.FS;
        }
        throw EsxErrors.internal("DatastoreInfo has unexpected type");
    }

    static String format(EsxDatastore ds) {
        StoragePoolType type = type(ds);
        StoragePoolDefinition.Builder def = StoragePoolDefinition.builder(type, ds.name()).uuid(ds.uuid())
                .target(new PoolTarget(ds.mountPath(), new StoragePermissions(0, 0L, 0L, null)));
        if (ds.accessible()) {
            def.sizes(ds.capacity(), ds.capacity() - ds.free(), ds.free());
        }
        if (type == StoragePoolType.NETFS) {
            VimNode nas = ds.info().child("nas").orElse(null);
            String nasType = nas == null ? null : nas.textAt("type");
            String format;
            if ("NFS".equalsIgnoreCase(nasType) || "NFS41".equalsIgnoreCase(nasType)) {
                format = "nfs";
            } else if ("CIFS".equalsIgnoreCase(nasType)) {
                format = "cifs";
            } else {
                throw EsxErrors.internal("Datastore has unexpected type '" + nasType + "'");
            }
            def.source(PoolSource.builder().hosts(List.of(new PoolHost(nas.textAt("remoteHost"), null)))
                    .dir(nas.textAt("remotePath")).format(format.toLowerCase(Locale.ROOT)).build());
        }
        return StoragePoolXmlCodec.format(def.build());
    }
}
