package io.virtkit.model.domain;

import io.virtkit.model.internal.xml.XmlNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@code <graphics>} framebuffer of any type. Attributes a type does not have are {@code null} (or
 * {@code -1} for ports).
 *
 * @param type          the protocol or local display
 * @param port          the TCP port (VNC, SPICE, RDP), or {@code -1} when chosen automatically or none
 * @param autoport      whether the port is chosen automatically
 * @param listen        the listen address (the first address listen's), or {@code null}
 * @param passwd        the password, or {@code null}; written only with {@link io.virtkit.api.XmlFlag#SECURE}
 * @param tlsPort       SPICE's TLS port, or {@code -1}
 * @param websocket     VNC's websocket port, or {@code null}
 * @param socket        VNC's UNIX socket ({@code socket} attribute), or {@code null}
 * @param keymap        the keyboard map (VNC, SPICE), or {@code null}
 * @param sharePolicy   VNC's share policy, or {@code null}
 * @param powerControl  VNC's power control, or {@code null}
 * @param passwdValidTo when the password expires, or {@code null}
 * @param connected     what happens to connected clients on a password change, or {@code null}
 * @param defaultMode   SPICE's default channel mode, or {@code null}
 * @param display       the X display (SDL, desktop), or {@code null}
 * @param xauth         the X authority file (SDL), or {@code null}
 * @param fullscreen    full screen (SDL, desktop), or {@code null}
 * @param replaceUser   RDP's replace user, or {@code null}
 * @param multiUser     RDP's multi user, or {@code null}
 * @param p2p           D-Bus peer to peer, or {@code null}
 * @param address       the D-Bus address, or {@code null}
 * @param listens       the {@code <listen>} elements
 * @param spice         SPICE's other children ({@link SpiceSettings#NONE} when none)
 * @param gl            the {@code <gl>} element, or {@code null}
 * @param audioId       the {@code <audio id>} the display carries (VNC, D-Bus), or {@code null}
 */
public record GraphicsDevice(Type type, int port, boolean autoport, String listen, String passwd, int tlsPort,
        Integer websocket, String socket, String keymap, String sharePolicy, Boolean powerControl,
        String passwdValidTo, String connected, String defaultMode, String display, String xauth,
        Boolean fullscreen, Boolean replaceUser, Boolean multiUser, Boolean p2p, String address,
        List<GraphicsListen> listens, SpiceSettings spice, GraphicsGl gl, Integer audioId) {

    public GraphicsDevice {
        Objects.requireNonNull(type, "type");
        listens = listens == null ? List.of() : List.copyOf(listens);
        spice = spice == null ? SpiceSettings.NONE : spice;
    }

    /** A VNC-style display with only the first settings (the form before every type was modelled). */
    public GraphicsDevice(Type type, int port, boolean autoport, String listen, String passwd) {
        this(type, port, autoport, listen, passwd, -1, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, listen == null ? List.of() : List.of(GraphicsListen.ofAddress(listen)),
                SpiceSettings.NONE, null, null);
    }

    /** The graphics {@code type} attribute. */
    public enum Type {
        SDL, VNC, RDP, DESKTOP, SPICE, EGL_HEADLESS, DBUS;

        public String xmlName() {
            return XmlNames.of(this);
        }
    }

    /** A builder of a display of {@code type} with no settings. */
    public static Builder builder(Type type) {
        return new Builder(type);
    }

    /** A builder holding this record's values. */
    public Builder toBuilder() {
        Builder b = new Builder(type);
        b.port = port;
        b.autoport = autoport;
        b.listen = listen;
        b.passwd = passwd;
        b.tlsPort = tlsPort;
        b.websocket = websocket;
        b.socket = socket;
        b.keymap = keymap;
        b.sharePolicy = sharePolicy;
        b.powerControl = powerControl;
        b.passwdValidTo = passwdValidTo;
        b.connected = connected;
        b.defaultMode = defaultMode;
        b.display = display;
        b.xauth = xauth;
        b.fullscreen = fullscreen;
        b.replaceUser = replaceUser;
        b.multiUser = multiUser;
        b.p2p = p2p;
        b.address = address;
        b.listens = new ArrayList<>(listens);
        b.spice = spice;
        b.gl = gl;
        b.audioId = audioId;
        return b;
    }

    @Override
    public String toString() {
        // Keep the password out of logs.
        return "GraphicsDevice[type=" + type + ", port=" + port + ", autoport=" + autoport + ", listen=" + listen
                + ", passwd=" + (passwd == null ? "null" : "***") + ", tlsPort=" + tlsPort + ", listens=" + listens
                + ", spice=" + spice + ", gl=" + gl + "]";
    }

    /** Builds a {@link GraphicsDevice} one setting at a time. */
    public static final class Builder {
        private final Type type;
        private int port = -1;
        private boolean autoport;
        private String listen;
        private String passwd;
        private int tlsPort = -1;
        private Integer websocket;
        private String socket;
        private String keymap;
        private String sharePolicy;
        private Boolean powerControl;
        private String passwdValidTo;
        private String connected;
        private String defaultMode;
        private String display;
        private String xauth;
        private Boolean fullscreen;
        private Boolean replaceUser;
        private Boolean multiUser;
        private Boolean p2p;
        private String address;
        private List<GraphicsListen> listens = new ArrayList<>();
        private SpiceSettings spice = SpiceSettings.NONE;
        private GraphicsGl gl;
        private Integer audioId;

        private Builder(Type type) {
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder autoport(boolean autoport) {
            this.autoport = autoport;
            return this;
        }

        public Builder listen(String listen) {
            this.listen = listen;
            return this;
        }

        public Builder passwd(String passwd) {
            this.passwd = passwd;
            return this;
        }

        public Builder tlsPort(int tlsPort) {
            this.tlsPort = tlsPort;
            return this;
        }

        public Builder websocket(Integer websocket) {
            this.websocket = websocket;
            return this;
        }

        public Builder socket(String socket) {
            this.socket = socket;
            return this;
        }

        public Builder keymap(String keymap) {
            this.keymap = keymap;
            return this;
        }

        public Builder sharePolicy(String sharePolicy) {
            this.sharePolicy = sharePolicy;
            return this;
        }

        public Builder powerControl(Boolean powerControl) {
            this.powerControl = powerControl;
            return this;
        }

        public Builder passwdValidTo(String passwdValidTo) {
            this.passwdValidTo = passwdValidTo;
            return this;
        }

        public Builder connected(String connected) {
            this.connected = connected;
            return this;
        }

        public Builder defaultMode(String defaultMode) {
            this.defaultMode = defaultMode;
            return this;
        }

        public Builder display(String display) {
            this.display = display;
            return this;
        }

        public Builder xauth(String xauth) {
            this.xauth = xauth;
            return this;
        }

        public Builder fullscreen(Boolean fullscreen) {
            this.fullscreen = fullscreen;
            return this;
        }

        public Builder replaceUser(Boolean replaceUser) {
            this.replaceUser = replaceUser;
            return this;
        }

        public Builder multiUser(Boolean multiUser) {
            this.multiUser = multiUser;
            return this;
        }

        public Builder p2p(Boolean p2p) {
            this.p2p = p2p;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder listens(List<GraphicsListen> listens) {
            this.listens = new ArrayList<>(listens);
            return this;
        }

        public Builder spice(SpiceSettings spice) {
            this.spice = spice;
            return this;
        }

        public Builder gl(GraphicsGl gl) {
            this.gl = gl;
            return this;
        }

        public Builder audioId(Integer audioId) {
            this.audioId = audioId;
            return this;
        }

        public GraphicsDevice build() {
            return new GraphicsDevice(type, port, autoport, listen, passwd, tlsPort, websocket, socket, keymap,
                    sharePolicy, powerControl, passwdValidTo, connected, defaultMode, display, xauth, fullscreen,
                    replaceUser, multiUser, p2p, address, listens, spice, gl, audioId);
        }
    }
}
