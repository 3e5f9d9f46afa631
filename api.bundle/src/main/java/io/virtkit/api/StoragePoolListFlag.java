package io.virtkit.api;

/**
 * Filters for {@link Connection#listAllStoragePools}, libvirt's {@code virConnectListAllStoragePoolsFlags}
 * with the same bits; flags of one group widen, groups narrow each other, none lists every pool. The last
 * group selects pools by type ({@link #poolType()}).
 */
public enum StoragePoolListFlag implements Flag {
    INACTIVE(1, 0, null), ACTIVE(1 << 1, 0, null),
    PERSISTENT(1 << 2, 1, null), TRANSIENT(1 << 3, 1, null),
    AUTOSTART(1 << 4, 2, null), NO_AUTOSTART(1 << 5, 2, null),
    DIR(1 << 6, 3, "dir"), FS(1 << 7, 3, "fs"), NETFS(1 << 8, 3, "netfs"), LOGICAL(1 << 9, 3, "logical"),
    DISK(1 << 10, 3, "disk"), ISCSI(1 << 11, 3, "iscsi"), SCSI(1 << 12, 3, "scsi"), MPATH(1 << 13, 3, "mpath"),
    RBD(1 << 14, 3, "rbd"), SHEEPDOG(1 << 15, 3, "sheepdog"), GLUSTER(1 << 16, 3, "gluster"),
    ZFS(1 << 17, 3, "zfs"), VSTORAGE(1 << 18, 3, "vstorage"), ISCSI_DIRECT(1 << 19, 3, "iscsi-direct");

    /** The group of the type flags. */
    public static final int TYPE_GROUP = 3;

    private final int bit;
    private final int group;
    private final String poolType;

    StoragePoolListFlag(int bit, int group, String poolType) {
        this.bit = bit;
        this.group = group;
        this.poolType = poolType;
    }

    public int bit() {
        return bit;
    }

    public int group() {
        return group;
    }

    /** The pool type a flag of the type group selects ({@code "dir"}), as pool XML names it; null otherwise. */
    public String poolType() {
        return poolType;
    }

    /** The type flag for pool type {@code type} ({@code "dir"}), or null for a type libvirt has no flag for. */
    public static StoragePoolListFlag ofPoolType(String type) {
        for (StoragePoolListFlag f : values()) {
            if (f.poolType != null && f.poolType.equals(type)) {
                return f;
            }
        }
        return null;
    }
}
