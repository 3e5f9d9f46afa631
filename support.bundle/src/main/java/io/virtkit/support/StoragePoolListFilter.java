package io.virtkit.support;

import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.driver.DriverFlags;

/**
 * Decides whether a pool is listed by {@code virConnectListAllStoragePools}, as libvirt filters: flags of
 * one {@link StoragePoolListFlag#group() group} are alternatives (ACTIVE or INACTIVE), groups must all match,
 * a group without flags matches everything; the type group names pool types. Every storage driver filters
 * the same way, so this lives here once. Immutable.
 */
public final class StoragePoolListFilter {

    private final int[] groups = new int[StoragePoolListFlag.TYPE_GROUP + 1];

    /**
     * The filter for libvirt's flag bits.
     *
     * @throws io.virtkit.api.VirtException INVALID_ARG for bits that are no {@link StoragePoolListFlag}
     */
    public StoragePoolListFilter(long flags) {
        for (StoragePoolListFlag f : DriverFlags.decode(flags, StoragePoolListFlag.class,
                "virConnectListAllStoragePools")) {
            groups[f.group()] |= f.bit();
        }
    }

    /** Whether a pool with these properties is listed; {@code type} is its XML type name ({@code dir} …). */
    public boolean matches(boolean active, boolean persistent, boolean autostart, String type) {
        StoragePoolListFlag typeFlag = StoragePoolListFlag.ofPoolType(type);
        int types = groups[StoragePoolListFlag.TYPE_GROUP];
        return matches(groups[0], StoragePoolListFlag.ACTIVE, StoragePoolListFlag.INACTIVE, active)
                && matches(groups[1], StoragePoolListFlag.PERSISTENT, StoragePoolListFlag.TRANSIENT, persistent)
                && matches(groups[2], StoragePoolListFlag.AUTOSTART, StoragePoolListFlag.NO_AUTOSTART, autostart)
                && (types == 0 || typeFlag != null && (types & typeFlag.bit()) != 0);
    }

    private static boolean matches(int group, StoragePoolListFlag yes, StoragePoolListFlag no, boolean fact) {
        return group == 0 || (group & (fact ? yes : no).bit()) != 0;
    }
}
