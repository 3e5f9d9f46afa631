package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/** {@code <serial>} and {@code <console>}: a character device's host side (type, path, mode) and its target. */
final class CharDeviceXml {

    /** The keys this codec reads, relative to the device element. */
    static final List<String> MODELLED = List.of("@type", "source@path", "source@mode", "target@type",
            "target@port");

    private CharDeviceXml() {
    }

    static CharDevice parse(XmlCursor c) {
        String typeName = c.has("type") ? c.attr("type") : "pty";
        CharDevice.Type type = XmlNames.lookup(CharDevice.Type.class, typeName).orElseThrow(() ->
                DomainErrors.unsupported("unknown type presented to host for character device: " + typeName));
        XmlCursor source = c.child("source");
        String path = source == null ? null : source.attr("path");
        String mode = null;
        if (type == CharDevice.Type.UNIX) {
            mode = source == null ? null : source.attr("mode");
            if (mode == null) {
                mode = "connect";
            } else if (!mode.equals("bind") && !mode.equals("connect")) {
                throw DomainErrors.invalidAttribute("mode", "source", mode);
            }
        }
        if (path == null && (type == CharDevice.Type.FILE || type == CharDevice.Type.DEV
                || type == CharDevice.Type.PIPE || type == CharDevice.Type.UNIX)) {
            throw DomainErrors.xmlError("Missing source path attribute for char device");
        }
        XmlCursor target = c.child("target");
        Integer port = null;
        String portText = target == null ? null : target.attr("port");
        if (portText != null) {
            try {
                port = Integer.parseUnsignedInt(portText);
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("Invalid port number: " + portText);
            }
        }
        return CharDevice.builder().type(type).sourcePath(path).sourceMode(mode)
                .targetType(target == null ? null : target.attr("type")).targetPort(port).build();
    }

    static void write(XmlWriter w, String element, CharDevice c, boolean live) {
        w.open(element, "type", c.type().xmlName());
        if (c.sourcePath() != null || c.sourceMode() != null) {
            w.empty("source", "mode", c.sourceMode(), "path", c.sourcePath());
        }
        if (c.targetType() != null || c.targetPort() != null) {
            w.empty("target", "type", c.targetType(), "port",
                    c.targetPort() == null ? null : c.targetPort().toString());
        }
        DeviceInfoXml.write(w, c.info(), live);
        w.close(element);
    }
}
