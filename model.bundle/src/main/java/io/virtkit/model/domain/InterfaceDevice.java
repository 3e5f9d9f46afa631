package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
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
 * @param info          alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that);
 *                      the alias is what QEMU knows the NIC by ({@code device_del}), never its list position
 * @param settings      VLAN, virtual port, bandwidth, port, filter, tuning, teaming, link, coalescing and ROM
 *                      ({@link InterfaceSettings#NONE} when none; {@code null} reads as that)
 */
public record InterfaceDevice(Type type, String mac, String source, String targetDev, Boolean targetManaged,
        String model, Integer mtu, DeviceInfo info, InterfaceSettings settings) {

    public InterfaceDevice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mac, "mac");
        info = DeviceInfo.orNone(info);
        settings = settings == null ? InterfaceSettings.NONE : settings;
    }

    /** An interface without the further settings (the form before they were modelled). */
    public InterfaceDevice(Type type, String mac, String source, String targetDev, Boolean targetManaged,
            String model, Integer mtu, DeviceInfo info) {
        this(type, mac, source, targetDev, targetManaged, model, mtu, info, InterfaceSettings.NONE);
    }

    /** An interface without alias and address (the form before device identity existed). */
    public InterfaceDevice(Type type, String mac, String source, String targetDev, Boolean targetManaged,
            String model, Integer mtu) {
        this(type, mac, source, targetDev, targetManaged, model, mtu, DeviceInfo.NONE);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** The address, or {@code null}. */
    public DeviceAddress address() {
        return info.address();
    }

    /** A copy with another alias and address. */
    public InterfaceDevice withInfo(DeviceInfo newInfo) {
        return new InterfaceDevice(type, mac, source, targetDev, targetManaged, model, mtu, newInfo, settings);
    }

    /** The interface's {@code type} attribute. */
    public enum Type {
        NETWORK, BRIDGE, ETHERNET, USER, DIRECT, VHOSTUSER, SERVER, CLIENT, MCAST, UDP, HOSTDEV, VDPA, NULL, VDS,
        INTERNAL;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder with no values set (type and MAC are required). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.mac = mac;
        b.source = source;
        b.targetDev = targetDev;
        b.targetManaged = targetManaged;
        b.model = model;
        b.mtu = mtu;
        b.info = info;
        b.settings = settings;
        return b;
    }

    /** Builds a {@link InterfaceDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private Type type;
        private String mac;
        private String source;
        private String targetDev;
        private Boolean targetManaged;
        private String model;
        private Integer mtu;
        private DeviceInfo info = DeviceInfo.NONE;
        private InterfaceSettings settings = InterfaceSettings.NONE;

        private Builder() {
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder mac(String value) {
            this.mac = value;
            return this;
        }

        public Builder source(String value) {
            this.source = value;
            return this;
        }

        public Builder targetDev(String value) {
            this.targetDev = value;
            return this;
        }

        public Builder targetManaged(Boolean value) {
            this.targetManaged = value;
            return this;
        }

        public Builder model(String value) {
            this.model = value;
            return this;
        }

        public Builder mtu(Integer value) {
            this.mtu = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }

        public Builder settings(InterfaceSettings value) {
            this.settings = value;
            return this;
        }

        public InterfaceDevice build() {
            return new InterfaceDevice(type, mac, source, targetDev, targetManaged, model, mtu, info, settings);
        }
    }
}
