package io.virtkit.api;

/** What a storage volume is on the host, numbered as libvirt's {@code virStorageVolType}. */
public enum StorageVolumeType {
    FILE(0, "file"),
    BLOCK(1, "block"),
    DIR(2, "dir"),
    NETWORK(3, "network"),
    NETDIR(4, "netdir"),
    PLOOP(5, "ploop");

    private final int number;
    private final String label;

    StorageVolumeType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** The name in volume XML ({@code <volume type='file'>}) and virsh's {@code vol-info}. */
    public String label() {
        return label;
    }

    /** The type libvirt numbers {@code number}. */
    public static StorageVolumeType ofNumber(int number) {
        for (StorageVolumeType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("no storage volume type numbered " + number);
    }
}
