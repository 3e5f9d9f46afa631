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
    /** Guests are plugged into an existing host bridge that Virtkit does not manage. */
    BRIDGE;

    /** The name in XML ({@code nat}, {@code route}, {@code bridge}; {@code none} is never written). */
    public String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode called {@code xmlName} in XML, if Virtkit knows it. */
    public static Optional<ForwardMode> ofXmlName(String xmlName) {
        for (ForwardMode m : values()) {
            if (m != NONE && m.xmlName().equals(xmlName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    /** Whether Virtkit creates and addresses the bridge itself (isolated, NAT and routed networks). */
    public boolean managesBridge() {
        return this != BRIDGE;
    }
}
