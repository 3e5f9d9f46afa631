package io.virtkit.model.internal.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <graphics>}: a VNC display with its port, autoport, listen address and password. */
final class GraphicsXml {

    /** The keys this codec reads, relative to {@code <graphics>}. */
    static final List<String> MODELLED = List.of("@type", "@port", "@autoport", "@listen", "@passwd",
            "listen@type", "listen@address");

    private GraphicsXml() {
    }

    static GraphicsDevice parse(XmlCursor g) {
        GraphicsDevice.Type type = DomainErrors.enumAttr(g, "type", GraphicsDevice.Type.class, null);
        if (type == null) {
            throw DomainErrors.invalidAttribute("type", "graphics", "");
        }
        int port = -1;
        String portText = g.attr("port");
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.DOMAIN,
                        "cannot parse vnc port " + portText);
            }
        }
        boolean autoport = port == -1;
        String autoportText = g.attr("autoport");
        if (autoportText != null) {
            autoport = DomainErrors.yesNo(autoportText, "autoport", "graphics");
        }
        if (autoport) {
            // live XML carries the port QEMU took; a definition's autoport has none
            port = port >= 5900 ? port : -1;
        } else if (port < 0) {
            throw DomainErrors.xmlError("vnc port must be in range [5900,65535]");
        }
        String listen = g.attr("listen");
        XmlCursor listenEl = g.child("listen");
        if (listen == null && listenEl != null && "address".equals(listenEl.attrOrEmpty("type"))) {
            listen = listenEl.attr("address");
        }
        return new GraphicsDevice(type, port, autoport, listen, g.attr("passwd"));
    }

    static void write(XmlWriter w, GraphicsDevice g, boolean secure, boolean live) {
        // An allocated autoport belongs to the running domain only, as in libvirt's XML.
        int port = g.autoport() && !live ? -1 : g.port();
        String[] attrs = {"type", g.type().xmlName(), "port", Integer.toString(port),
            "autoport", g.autoport() ? "yes" : "no", "listen", g.listen(),
            "passwd", secure ? g.passwd() : null};
        if (g.listen() == null) {
            w.empty("graphics", attrs);
        } else {
            w.open("graphics", attrs);
            w.empty("listen", "type", "address", "address", g.listen());
            w.close("graphics");
        }
    }
}
