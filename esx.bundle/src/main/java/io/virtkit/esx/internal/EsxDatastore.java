package io.virtkit.esx.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * One datastore of the connection's host as libvirt's VMFS storage backend sees it: a storage pool named after
 * the datastore, whose UUID is the MD5 digest of the datastore's mount path on the host.
 *
 * @param ref        the datastore's managed object
 * @param name       {@code summary.name}
 * @param accessible {@code summary.accessible}
 * @param capacity   {@code summary.capacity} in bytes
 * @param free       {@code summary.freeSpace} in bytes
 * @param mountPath  the host's mount path ({@code host[key=this host].mountInfo.path}), null when the host has
 *                   no mount entry (then libvirt has no pool for it)
 * @param url        {@code summary.url} ({@code ds:///vmfs/volumes/<uuid>/} on ESX, a directory on the
 *                   simulator), null when missing
 * @param info       {@code info}: its xsi:type tells local, NAS and VMFS datastores apart
 * @param browser    the datastore's {@code HostDatastoreBrowser}
 */
record EsxDatastore(MoRef ref, String name, boolean accessible, long capacity, long free, String mountPath,
        String url, VimNode info, MoRef browser) {

    /** libvirt's pool UUID: the MD5 digest of the mount path, its 16 bytes read as a UUID. */
    UUID uuid() {
        try {
            byte[] md5 = MessageDigest.getInstance("MD5").digest(mountPath.getBytes(StandardCharsets.UTF_8));
            long high = 0;
            long low = 0;
            for (int i = 0; i < 8; i++) {
                high = (high << 8) | (md5[i] & 0xff);
                low = (low << 8) | (md5[8 + i] & 0xff);
            }
            return new UUID(high, low);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }

    /** The {@code info}'s type without namespace: LocalDatastoreInfo, NasDatastoreInfo, VmfsDatastoreInfo, ... */
    String infoType() {
        return info == null ? null : info.xsiType().orElse(null);
    }

    /**
     * The directory this datastore's files lie in on the host, as absolute paths in a {@code .vmx} name them:
     * the mount path, else the file URL's path ({@code ds:///vmfs/volumes/x/} or a plain directory); no
     * trailing slash.
     */
    String hostDirectory() {
        String dir = mountPath;
        if (dir == null && url != null) {
            dir = url.startsWith("ds://") ? url.substring("ds://".length()) : url;
        }
        if (dir == null) {
            return null;
        }
        while (dir.length() > 1 && dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        return dir;
    }
}
