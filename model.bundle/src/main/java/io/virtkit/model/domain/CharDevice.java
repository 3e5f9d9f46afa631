package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A character device: a {@code <serial>} or {@code <console>}.
 *
 * @param type       the host side of the device
 * @param sourcePath the host path (file, device, pipe, UNIX socket or, live, the allocated pty), or {@code null}
 * @param sourceMode for {@link Type#UNIX}: {@code bind} (listen) or {@code connect}, else {@code null}
 * @param targetType the guest side (e.g. {@code isa-serial} for serials, {@code serial}/{@code virtio} for consoles),
 *                   or {@code null}
 * @param targetPort the guest port number, or {@code null}
 * @param info       alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 */
public record CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort,
        DeviceInfo info) {

    public CharDevice {
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
    }

    /** A character device without alias and address (the form before device identity existed). */
    public CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort) {
        this(type, sourcePath, sourceMode, targetType, targetPort, DeviceInfo.NONE);
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
    public CharDevice withInfo(DeviceInfo newInfo) {
        return new CharDevice(type, sourcePath, sourceMode, targetType, targetPort, newInfo);
    }

    /** A copy with another guest port. */
    public CharDevice withTargetPort(Integer newTargetPort) {
        return new CharDevice(type, sourcePath, sourceMode, targetType, newTargetPort, info);
    }

    /** The character device's {@code type} attribute (the ones Virtkit supports). */
    public enum Type {
        NULL, VC, PTY, DEV, FILE, PIPE, STDIO, UNIX;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder with libvirt's default type ({@code pty}) and no identity. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.sourcePath = sourcePath;
        b.sourceMode = sourceMode;
        b.targetType = targetType;
        b.targetPort = targetPort;
        b.info = info;
        return b;
    }

    /** Builds a {@link CharDevice} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private Type type = Type.PTY;
        private String sourcePath;
        private String sourceMode;
        private String targetType;
        private Integer targetPort;
        private DeviceInfo info = DeviceInfo.NONE;

        private Builder() {
        }

        public Builder type(Type value) {
            this.type = value;
            return this;
        }

        public Builder sourcePath(String value) {
            this.sourcePath = value;
            return this;
        }

        public Builder sourceMode(String value) {
            this.sourceMode = value;
            return this;
        }

        public Builder targetType(String value) {
            this.targetType = value;
            return this;
        }

        public Builder targetPort(Integer value) {
            this.targetPort = value;
            return this;
        }

        public Builder info(DeviceInfo value) {
            this.info = value;
            return this;
        }


        public CharDevice build() {
            return new CharDevice(type, sourcePath, sourceMode, targetType, targetPort, info);
        }
    }
}
