package io.virtkit.api;

/**
 * How {@link StorageVolume#wipe(StorageVolumeWipeAlgorithm)} overwrites a volume, libvirt's {@code
 * virStorageVolWipeAlgorithm}.
 */
public enum StorageVolumeWipeAlgorithm {
    ZERO(0, "zero"),
    NNSA(1, "nnsa"),
    DOD(2, "dod"),
    BSI(3, "bsi"),
    GUTMANN(4, "gutmann"),
    SCHNEIER(5, "schneier"),
    PFITZNER7(6, "pfitzner7"),
    PFITZNER33(7, "pfitzner33"),
    RANDOM(8, "random"),
    TRIM(9, "trim");

    private final int number;
    private final String label;

    StorageVolumeWipeAlgorithm(int number, String label) {
        this.number = number;
        this.label = label;
    }

    public int number() {
        return number;
    }

    /** virsh's name for it ({@code vol-wipe --algorithm zero}). */
    public String label() {
        return label;
    }

    /** The algorithm libvirt numbers {@code number}. */
    public static StorageVolumeWipeAlgorithm ofNumber(int number) {
        for (StorageVolumeWipeAlgorithm a : values()) {
            if (a.number == number) {
                return a;
            }
        }
        throw new IllegalArgumentException("no wipe algorithm numbered " + number);
    }
}
