package io.virtkit.model.domain;

import java.util.Objects;

/**
 * An {@code <interface>}: a guest network interface.
 *
 * @param type          how it is connected to the host
 * @param mac           the MAC address, lower case, colon separated (always present after parsing)
 * @param source        the network name ({@link Type#NETWORK}) or bridge name ({@link Type#BRIDGE}), else {@code null}
 * @param targetDev     the host-side device name (e.g. {@code vnet0}), or {@code null}
 * @param targetManaged for {@link Type#ETHERNET}: whether libvirt creates the TAP device ({@code null} when unset)
 * @param model         the guest NIC model (e.g. {@code virtio}), or {@code null}
 * @param mtu           the MTU, or {@code null}
 */
public record InterfaceDevice(Type type, String mac, String source, String targetDev, Boolean targetManaged,
        String model, Integer mtu) {

    public InterfaceDevice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mac, "mac");
    }

    /** The interface's {@code type} attribute. */
    public enum Type {
        NETWORK, BRIDGE, ETHERNET, USER;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }
}
