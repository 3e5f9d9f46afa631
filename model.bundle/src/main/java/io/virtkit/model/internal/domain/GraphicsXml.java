package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsDevice.Type;
import io.virtkit.model.domain.GraphicsGl;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code <graphics>} of every type: its attributes, {@code <listen>} elements, {@code <gl>} and
 * {@code <audio>}; SPICE's other children through {@link SpiceXml}. Each type reads the attributes its
 * schema gives it, as libvirt's parser does.
 */
final class GraphicsXml {

    /** The keys this codec reads, relative to {@code <graphics>}. */
    static final List<String> MODELLED = Stream.concat(Stream.of("@type", "@port", "@autoport", "@listen",
            "@passwd", "@tlsPort", "@websocket", "@socket", "@keymap", "@sharePolicy", "@powerControl",
            "@passwdValidTo", "@connected", "@defaultMode", "@display", "@xauth", "@fullscreen", "@replaceUser",
            "@multiUser", "@p2p", "@address", "listen", "listen@type", "listen@address", "listen@network",
            "listen@socket", "gl", "gl@enable", "gl@rendernode", "audio", "audio@id"),
            SpiceXml.MODELLED.stream()).toList();

    private GraphicsXml() {
    }

    static GraphicsDevice parse(XmlCursor g) {
        Type type = DomainErrors.enumAttr(g, "type", Type.class, null);
        if (type == null) {
            throw DomainErrors.invalidAttribute("type", "graphics", "");
        }
        GraphicsDevice.Builder b = GraphicsDevice.builder(type);
        List<GraphicsListen> listens = type == Type.VNC || type == Type.SPICE || type == Type.RDP
                ? listens(g) : List.of();
        b.listens(listens);
        switch (type) {
            case VNC -> {
                ports(g, b, type);
                b.websocket(port(g, "websocket")).socket(g.attr("socket"))
                        .sharePolicy(DeviceAttrs.oneOf(g, "sharePolicy", "allow-exclusive", "force-shared", "ignore"))
                        .powerControl(DeviceAttrs.yesNo(g, "powerControl"));
                auth(g, b, "keep");
                b.audioId(audioId(g));
            }
            case SPICE -> {
                ports(g, b, type);
                auth(g, b, "fail", "disconnect", "keep");
                b.defaultMode(DeviceAttrs.oneOf(g, "defaultMode", "any", "secure", "insecure"));
                b.spice(SpiceXml.parse(g)).gl(gl(g, true));
            }
            case RDP -> {
                ports(g, b, type);
                b.replaceUser(DeviceAttrs.yesNo(g, "replaceUser")).multiUser(DeviceAttrs.yesNo(g, "multiUser"));
            }
            case SDL -> b.display(g.attr("display")).xauth(g.attr("xauth"))
                    .fullscreen(DeviceAttrs.yesNo(g, "fullscreen")).gl(gl(g, true));
            case DESKTOP -> b.display(g.attr("display")).fullscreen(DeviceAttrs.yesNo(g, "fullscreen"));
            case EGL_HEADLESS -> b.gl(gl(g, false));
            case DBUS -> b.address(g.attr("address")).p2p(DeviceAttrs.yesNo(g, "p2p")).gl(gl(g, true))
                    .audioId(audioId(g));
            default -> throw new IllegalStateException(type.name());
        }
        b.listen(listenAttr(g, listens));
        return b.build();
    }

    private static void ports(XmlCursor g, GraphicsDevice.Builder b, Type type) {
        String name = type.xmlName();
        int port = portNumber(g, "port", name);
        int tlsPort = type == Type.SPICE ? portNumber(g, "tlsPort", name) : -1;
        boolean autoport = type == Type.VNC ? port == -1 && g.attr("socket") == null
                : port == -1 && tlsPort == -1 && g.has("port");
        String autoportText = g.attr("autoport");
        if (autoportText != null) {
            autoport = DomainErrors.yesNo(autoportText, "autoport", "graphics");
        }
        if (autoport) {
            // live XML carries the ports QEMU took; a definition's autoport has none
            port = port >= 5900 ? port : -1;
            tlsPort = tlsPort >= 5900 ? tlsPort : -1;
        } else if (type == Type.VNC && port < 0 && g.attr("socket") == null) {
            throw DomainErrors.xmlError("vnc port must be in range [5900,65535]");
        }
        b.port(port).tlsPort(tlsPort).autoport(autoport);
    }

    private static int portNumber(XmlCursor g, String attribute, String type) {
        String text = g.attr(attribute);
        if (text == null) {
            return -1;
        }
        try {
            int port = Integer.parseInt(text);
            return port < 0 ? -1 : port;
        } catch (NumberFormatException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                    "cannot parse " + type + " " + attribute + " " + text);
        }
    }

    private static Integer port(XmlCursor g, String attribute) {
        int port = portNumber(g, attribute, "vnc");
        return g.has(attribute) ? port : null;
    }

    private static void auth(XmlCursor g, GraphicsDevice.Builder b, String... connected) {
        b.passwd(g.attr("passwd")).keymap(g.attr("keymap")).passwdValidTo(g.attr("passwdValidTo"))
                .connected(DeviceAttrs.oneOf(g, "connected", connected));
    }

    private static Integer audioId(XmlCursor g) {
        XmlCursor audio = g.child("audio");
        return audio == null ? null : DeviceAttrs.uint(audio, "id");
    }

    private static GraphicsGl gl(XmlCursor g, boolean hasEnable) {
        XmlCursor gl = g.child("gl");
        if (gl == null) {
            return null;
        }
        return new GraphicsGl(hasEnable ? DeviceAttrs.yesNo(gl, "enable") : null, gl.attr("rendernode"));
    }

    private static List<GraphicsListen> listens(XmlCursor g) {
        List<GraphicsListen> listens = new ArrayList<>();
        for (XmlCursor l : g.children("listen")) {
            GraphicsListen.Type type = DomainErrors.enumAttr(l, "type", GraphicsListen.Type.class, null);
            if (type == null) {
                throw DomainErrors.xmlError("graphics listen type must be specified");
            }
            listens.add(switch (type) {
                case ADDRESS -> new GraphicsListen(type, l.attr("address"), null, null);
                case NETWORK -> new GraphicsListen(type, l.attr("address"), l.attr("network"), null);
                case SOCKET -> new GraphicsListen(type, null, null, l.attr("socket"));
                case NONE -> new GraphicsListen(type, null, null, null);
            });
        }
        String listen = g.attr("listen");
        if (listens.isEmpty() && listen != null) {
            listens.add(GraphicsListen.ofAddress(listen));
        }
        return listens;
    }

    /** The listen address: the {@code listen} attribute, which must be the first listen's address. */
    private static String listenAttr(XmlCursor g, List<GraphicsListen> listens) {
        String first = listens.isEmpty() ? null : listens.get(0).address();
        String listen = g.attr("listen");
        if (listen != null && first != null && !listen.equals(first)) {
            throw DomainErrors.xmlError("graphics 'listen' attribute '" + listen
                    + "' must match 'address' attribute of first listen element (found '" + first + "')");
        }
        return first != null ? first : listen;
    }

    static void write(XmlWriter w, GraphicsDevice g, boolean secure, boolean live) {
        String[] attrs = attrs(g, secure, live);
        if (!hasChildren(g)) {
            w.empty("graphics", attrs);
            return;
        }
        w.open("graphics", attrs);
        for (GraphicsListen l : g.listens()) {
            w.empty("listen", "type", l.type().xmlName(), "address", l.address(), "network", l.network(),
                    "socket", l.socket());
        }
        if (g.type() == Type.VNC && g.audioId() != null) {
            w.empty("audio", "id", DeviceAttrs.num(g.audioId()));
        }
        if (g.type() == Type.SPICE) {
            SpiceXml.write(w, g.spice());
        }
        if (g.gl() != null) {
            w.empty("gl", "enable", DeviceAttrs.yesNo(g.gl().enable()), "rendernode", g.gl().rendernode());
        }
        if (g.type() == Type.DBUS && g.audioId() != null) {
            w.empty("audio", "id", DeviceAttrs.num(g.audioId()));
        }
        w.close("graphics");
    }

    private static boolean hasChildren(GraphicsDevice g) {
        return !g.listens().isEmpty() || g.audioId() != null || !g.spice().isEmpty() || g.gl() != null;
    }

    private static String[] attrs(GraphicsDevice g, boolean secure, boolean live) {
        String type = g.type().xmlName();
        // An allocated autoport belongs to the running domain only, as in libvirt's XML.
        int port = g.autoport() && !live ? -1 : g.port();
        int tlsPort = g.autoport() && !live ? -1 : g.tlsPort();
        String passwd = secure ? g.passwd() : null;
        return switch (g.type()) {
            case VNC -> g.socket() != null
                    ? new String[] {"type", type, "socket", g.socket(), "keymap", g.keymap(),
                        "sharePolicy", g.sharePolicy(), "passwd", passwd, "passwdValidTo", g.passwdValidTo(),
                        "connected", g.connected()}
                    : new String[] {"type", type, "port", Integer.toString(port),
                        "autoport", g.autoport() ? "yes" : "no", "websocket", DeviceAttrs.num(g.websocket()),
                        "listen", g.listen(), "powerControl", DeviceAttrs.yesNo(g.powerControl()),
                        "keymap", g.keymap(), "sharePolicy", g.sharePolicy(), "passwd", passwd,
                        "passwdValidTo", g.passwdValidTo(), "connected", g.connected()};
            case SPICE -> new String[] {"type", type, "port", port > 0 ? Integer.toString(port) : null,
                "tlsPort", tlsPort > 0 ? Integer.toString(tlsPort) : null, "autoport", g.autoport() ? "yes" : null,
                "listen", g.listen(), "keymap", g.keymap(), "defaultMode", g.defaultMode(), "passwd", passwd,
                "passwdValidTo", g.passwdValidTo(), "connected", g.connected()};
            case RDP -> new String[] {"type", type, "port", port > 0 ? Integer.toString(port) : null,
                "autoport", g.autoport() ? "yes" : null, "replaceUser", DeviceAttrs.yesNo(g.replaceUser()),
                "multiUser", DeviceAttrs.yesNo(g.multiUser()), "listen", g.listen()};
            case SDL -> new String[] {"type", type, "display", g.display(), "xauth", g.xauth(),
                "fullscreen", DeviceAttrs.yesNo(g.fullscreen())};
            case DESKTOP -> new String[] {"type", type, "display", g.display(),
                "fullscreen", DeviceAttrs.yesNo(g.fullscreen())};
            case EGL_HEADLESS -> new String[] {"type", type};
            case DBUS -> new String[] {"type", type, "p2p", DeviceAttrs.yesNo(g.p2p()), "address", g.address()};
        };
    }
}
