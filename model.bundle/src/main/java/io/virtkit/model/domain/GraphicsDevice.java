package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A {@code <graphics>} framebuffer.
 *
 * @param type     the protocol (VNC is the one supported)
 * @param port     the TCP port, or {@code -1} when chosen automatically
 * @param autoport whether the port is chosen automatically
 * @param listen   the listen address, or {@code null}
 * @param passwd   the password, or {@code null}; written only with {@link io.virtkit.api.XmlFlag#SECURE}
 */
public record GraphicsDevice(Type type, int port, boolean autoport, String listen, String passwd) {

    public GraphicsDevice {
        Objects.requireNonNull(type, "type");
    }

    /** The graphics {@code type} attribute. */
    public enum Type {
        VNC;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    @Override
    public String toString() {
        // Keep the password out of logs.
        return "GraphicsDevice[type=" + type + ", port=" + port + ", autoport=" + autoport + ", listen=" + listen
                + ", passwd=" + (passwd == null ? "null" : "***") + "]";
    }
}
