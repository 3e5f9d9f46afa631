package io.virtkit.model.domain;

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
 */
public record CharDevice(Type type, String sourcePath, String sourceMode, String targetType, Integer targetPort) {

    public CharDevice {
        Objects.requireNonNull(type, "type");
    }

    /** The character device's {@code type} attribute (the ones Virtkit supports). */
    public enum Type {
        NULL, VC, PTY, DEV, FILE, PIPE, STDIO, UNIX;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }
}
