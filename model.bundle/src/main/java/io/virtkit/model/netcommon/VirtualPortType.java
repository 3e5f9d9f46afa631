package io.virtkit.model.netcommon;

import java.util.Optional;

/** The switch a {@link VirtualPort} belongs to: libvirt's {@code <virtualport type>}. */
public enum VirtualPortType {
    /** IEEE 802.1Qbg (VEPA/VDP). */
    QBG("802.1Qbg"),
    /** IEEE 802.1Qbh (port extender). */
    QBH("802.1Qbh"),
    /** An Open vSwitch bridge. */
    OPENVSWITCH("openvswitch"),
    /** A MidoNet virtual port. */
    MIDONET("midonet");

    private final String xmlName;

    VirtualPortType(String xmlName) {
        this.xmlName = xmlName;
    }

    public String xmlName() {
        return xmlName;
    }

    public static Optional<VirtualPortType> ofXmlName(String name) {
        for (VirtualPortType t : values()) {
            if (t.xmlName.equals(name)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
