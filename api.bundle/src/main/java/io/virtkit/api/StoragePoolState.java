package io.virtkit.api;

/** The state of a storage pool, numbered as libvirt's {@code virStoragePoolState}. */
public enum StoragePoolState {
    INACTIVE(0, "inactive"),
    BUILDING(1, "building"),
    RUNNING(2, "running"),
    DEGRADED(3, "degraded"),
    INACCESSIBLE(4, "inaccessible");

    private final int number;
    private final String label;

    StoragePoolState(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** virsh's wording in {@code pool-info} ("running"). */
    public String label() {
        return label;
    }

    /** The state libvirt numbers {@code number}. */
    public static StoragePoolState ofNumber(int number) {
        for (StoragePoolState s : values()) {
            if (s.number == number) {
                return s;
            }
        }
        throw new IllegalArgumentException("no storage pool state numbered " + number);
    }
}
