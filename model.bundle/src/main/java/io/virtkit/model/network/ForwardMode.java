package io.virtkit.model.network;

import java.util.Locale;
import java.util.Optional;

/** How a virtual network reaches the outside world: libvirt's {@code <forward mode>}. */
public enum ForwardMode {
    /** Isolated: no {@code <forward>} element; guests reach each other and the host only. */
    NONE,
    /** Guests' traffic is masqueraded behind the host's address. */
    NAT,
    /** Guests' traffic is routed, not translated. */
    ROUTE,
    /** Routed like {@link #ROUTE}, but no firewall rules are added at all. */
    OPEN,
    /** Guests are plugged into an existing host bridge (or macvtap bridge mode on the forward devices). */
    BRIDGE,
    /** macvtap private mode on a pool of host devices: guests cannot reach each other. */
    PRIVATE,
    /** macvtap VEPA mode: guest traffic goes through the external switch. */
    VEPA,
    /** macvtap passthrough: one guest per host device. */
    PASSTHROUGH,
    /** SR-IOV virtual functions assigned to guests as PCI devices. */
    HOSTDEV;

    /** The name in XML ({@code nat}, {@code route} …; {@code none} is never written). */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode called {@code xmlName} in XML, if there is one. */
    public static Optional<ForwardMode> ofXmlName(String xmlName) {
        for (ForwardMode m : values()) {
            if (m != NONE && m.xmlName().equals(xmlName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether the network has a bridge of its own with STP and addresses (isolated, NAT, routed, open). */
    public boolean managesBridge() {
        return this == NONE || this == NAT || this == ROUTE || this == OPEN;
    }
}
