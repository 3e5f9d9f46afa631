package io.virtkit.api;

/** Options for a domain's XML description, as libvirt's {@code virDomainXMLFlags} with the same bits. */
public enum XmlFlag implements Flag {
    /** Include security-sensitive information (e.g. VNC passwords). */
    SECURE(1),
    /** The persistent definition rather than the live one. */
    INACTIVE(1 << 1);

    private final int bit;

    XmlFlag(int bit) {
        this.bit = bit;
    }

    public int bit() {
        return bit;
    }
}
