package io.virtkit.model.domain;

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
}
