package io.virtkit.api;

/**
 * Options for a storage pool's XML description, libvirt's {@code virStorageXMLFlags} with the same bits (not {@link
 * XmlFlag}'s: libvirt numbers them apart).
 */
public enum StorageXmlFlag implements Flag {
    /** The persistent definition rather than the live one. */
    INACTIVE(1);

    private final int bit;

    StorageXmlFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
