package io.virtkit.model.network;

import java.util.List;
import java.util.Objects;

/**
 * A network's {@code <forward>}: its mode and the host devices it forwards through. The {@code dev}
 * attribute is not kept apart: as in libvirt it is the PF's device, else the first interface's.
 *
 * @param mode       how traffic is forwarded (never {@link ForwardMode#NONE}: that is no {@code <forward>})
 * @param managed    hostdev mode's {@code managed} (the VFs are detached from the host), or {@code null}
 * @param driverName hostdev mode's {@code <driver name>} ({@code kvm} or {@code vfio}), or {@code null}
 * @param nat        NAT mode's address and port ranges, or {@code null}
 * @param pf         the SR-IOV physical function ({@code <pf dev>}) whose VFs make the pool, or {@code null}
 * @param interfaces the host devices ({@code <interface dev>}), in order
 * @param addresses  the PCI addresses of the pool's VFs (hostdev mode), in order
 */
public record NetworkForward(ForwardMode mode, Boolean managed, String driverName, NetworkNat nat, String pf,
        List<ForwardInterface> interfaces, List<ForwardPciAddress> addresses) {

    public NetworkForward {
        Objects.requireNonNull(mode, "mode");
        if (mode == ForwardMode.NONE) {
            throw new IllegalArgumentException("an isolated network has no <forward>");
        }
        interfaces = List.copyOf(interfaces);
        addresses = List.copyOf(addresses);
        if (nat != null && nat.isEmpty()) {
            nat = null;
        }
    }

    /** A forward of {@code mode} through {@code dev} alone ({@code null} for any device). */
    public static NetworkForward of(ForwardMode mode, String dev) {
        return new NetworkForward(mode, null, null, null, null,
                dev == null ? List.of() : List.of(new ForwardInterface(dev, null)), List.of());
    }

    /** The {@code dev} attribute: the PF's device, else the first interface's, else {@code null}. */
    public String dev() {
        if (pf != null) {
            return pf;
        }
        return interfaces.isEmpty() ? null : interfaces.get(0).dev();
    }
}
