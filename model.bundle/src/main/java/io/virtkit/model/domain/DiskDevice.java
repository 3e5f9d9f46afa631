package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A {@code <disk>}.
 *
 * @param type       where the data lives: a host file or a host block device
 * @param device     how the guest sees it
 * @param driverName the backend driver (e.g. {@code qemu}), or {@code null}
 * @param driverType the image format (e.g. {@code raw}, {@code qcow2}), or {@code null}
 * @param source     the host file path or block device path, or {@code null} (an empty CD-ROM drive)
 * @param targetDev  the guest device name (e.g. {@code vda}, {@code hdc})
 * @param targetBus  the guest bus (e.g. {@code virtio}, {@code ide}, {@code sata}), or {@code null}
 * @param readonly   whether the guest may only read
 * @param info       alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 */
public record DiskDevice(Type type, Device device, String driverName, String driverType, String source,
        String targetDev, String targetBus, boolean readonly, DeviceInfo info) {

    public DiskDevice {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(targetDev, "targetDev");
        info = DeviceInfo.orNone(info);
    }

    /** A disk without alias and address (the form before device identity existed). */
    public DiskDevice(Type type, Device device, String driverName, String driverType, String source,
            String targetDev, String targetBus, boolean readonly) {
        this(type, device, driverName, driverType, source, targetDev, targetBus, readonly, DeviceInfo.NONE);
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
    public DiskDevice withInfo(DeviceInfo newInfo) {
        return new DiskDevice(type, device, driverName, driverType, source, targetDev, targetBus, readonly, newInfo);
    }

    /** The disk's {@code type} attribute. */
    public enum Type {
        FILE, BLOCK;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** The disk's {@code device} attribute. */
    public enum Device {
        DISK, CDROM, FLOPPY;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder with libvirt's defaults (a file-backed disk, no identity). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.device = device;
        b.driverName = driverName;
        b.driverType = driverType;
        b.source = source;
        b.targetDev = targetDev;
        b.targetBus = targetBus;
        b.readonly = readonly;
        b.info = info;
        return b;
    }

    /** Builds a {@link DiskDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private Type type = Type.FILE;
        private Device device = Device.DISK;
        private String driverName;
        private String driverType;
        private String source;
        private String targetDev;
        private String targetBus;
        private boolean readonly;
        private DeviceInfo info = DeviceInfo.NONE;

        private Builder() {
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder device(Device value) {
            this.device = value;
            return this;
        }

        public Builder driverName(String value) {
            this.driverName = value;
            return this;
        }

        public Builder driverType(String value) {
            this.driverType = value;
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

        public Builder targetBus(String value) {
            this.targetBus = value;
            return this;
        }

        public Builder readonly(boolean value) {
            this.readonly = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }


        public DiskDevice build() {
            return new DiskDevice(type, device, driverName, driverType, source, targetDev, targetBus, readonly, info);
        }
    }
}
