package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.Objects;

/**
 * A graphics {@code <listen>}: where a VNC, SPICE or RDP server takes connections.
 *
 * @param type    what the server listens on
 * @param address the host address ({@code address}, or the one a {@code network} listen resolved), or
 *                {@code null}
 * @param network the libvirt network whose address is used ({@code network}), or {@code null}
 * @param socket  the UNIX socket path ({@code socket}), or {@code null} for one the driver chooses
 */
public record GraphicsListen(Type type, String address, String network, String socket) {

    public GraphicsListen {
        Objects.requireNonNull(type, "type");
    }

    /** A listen on a host address. */
    public static GraphicsListen ofAddress(String address) {
        return new GraphicsListen(Type.ADDRESS, address, null, null);
    }

    /** The listen {@code type} attribute. */
    public enum Type {
        ADDRESS, NETWORK, SOCKET, NONE;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }
}
