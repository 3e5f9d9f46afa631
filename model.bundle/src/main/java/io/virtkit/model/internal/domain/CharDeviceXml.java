package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.CharDevice.Type;
import io.virtkit.model.domain.SourceSeclabel;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlNames;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code <serial>}, {@code <parallel>}, {@code <console>} and {@code <channel>}: a character device's host side
 * (type, sources, protocol, log) and its guest side (target). The host side is also an RNG's EGD backend's.
 */
final class CharDeviceXml {

    /** The host side's keys, relative to the element carrying {@code type} (a device, an RNG backend). */
    static final List<String> SOURCE_KEYS = List.of("@type", "source@path", "source@mode", "source@host",
            "source@service", "source@tls", "source@append", "source@channel", "source@master", "source@slave",
            "source/reconnect@enabled", "source/reconnect@timeout", "source/clipboard@copypaste",
            "source/mouse@mode", "protocol@type", "log@file", "log@append", "source/seclabel",
            "source/seclabel@model", "source/seclabel@relabel", "source/seclabel@labelskip",
            "source/seclabel/label");

    /** The keys this codec reads, relative to each device element. */
    static final List<String> SERIAL = keys("target@type", "target@port", "target/model@name");
    static final List<String> PARALLEL = keys("target@type", "target@port", "target/model@name");
    static final List<String> CONSOLE = keys("target@type", "target@port", "target/model@name");
    static final List<String> CHANNEL = keys("target@type", "target@port", "target@name", "target@state",
            "target@address");

    private static final Set<String> PROTOCOLS = Set.of("raw", "telnet", "telnets", "tls");

    private static List<String> keys(String... target) {
        return Stream.of(SOURCE_KEYS.stream(), Stream.of("@tty"), Stream.of(target))
                .flatMap(s -> s).toList();
    }

    private CharDeviceXml() {
    }

    static CharDevice parse(XmlCursor c, boolean live) {
        CharDevice.Builder b = CharDevice.builder();
        parseSource(c, b);
        if (live) {
            b.tty(c.attr("tty"));
        }
        XmlCursor target = c.child("target");
        if (target != null) {
            String portText = target.attr("port");
            if (portText != null) {
                try {
                    b.targetPort(Integer.parseUnsignedInt(portText));
                } catch (NumberFormatException e) {
                    throw DomainErrors.xmlError("Invalid port number: " + portText);
                }
            }
            b.targetType(target.attr("type"));
            if (c.name().equals("channel")) {
                b.targetName(target.attr("name")).targetAddress(target.attr("address"));
                String state = live ? target.attr("state") : null;
                if (state != null && !state.equals("connected") && !state.equals("disconnected")) {
                    throw DomainErrors.xmlError("invalid channel state value '" + state + "'");
                }
                b.targetState(state);
            }
            XmlCursor model = c.name().equals("channel") ? null : target.child("model");
            b.targetModel(model == null ? null : model.attr("name"));
        }
        CharDevice dev = b.build();
        if (c.name().equals("channel")) {
            checkChannel(dev);
        }
        return dev;
    }

    private static void checkChannel(CharDevice dev) {
        if (dev.targetType() == null) {
            throw DomainErrors.xmlError("character device target type must be specified");
        }
        if (dev.targetType().equals("guestfwd") && (dev.targetAddress() == null || dev.targetPort() == null)) {
            throw DomainErrors.xmlError("guestfwd channel does not define a target address and port");
        }
        if (!Set.of("guestfwd", "virtio", "xen").contains(dev.targetType())) {
            throw DomainErrors.xmlError("unknown target type '" + dev.targetType()
                    + "' specified for character device");
        }
    }

    /** Reads the host side ({@code type}, sources, protocol) of {@code c} into {@code b}. */
    static void parseSource(XmlCursor c, CharDevice.Builder b) {
        String typeName = c.has("type") ? c.attr("type") : "pty";
        Type type = XmlNames.lookup(Type.class, typeName).orElseThrow(() ->
                DomainErrors.unsupported("unknown type presented to host for character device: " + typeName));
        b.type(type);
        List<XmlCursor> sources = c.children("source");
        XmlCursor source = sources.isEmpty() ? null : sources.get(0);
        XmlCursor log = c.child("log");
        if (log != null) {
            String file = log.attr("file");
            if (file == null) {
                throw DomainErrors.xmlError("missing log file");
            }
            b.log(new CharDevice.Log(file, DomainErrors.onOffValue(log, "append")));
        }
        b.seclabels(seclabels(sources));
        switch (type) {
            case PTY, DEV, FILE, PIPE -> {
                b.sourcePath(source == null ? null : source.attr("path"));
                b.append(type == Type.FILE && source != null ? DomainErrors.onOffValue(source, "append") : null);
            }
            case UNIX -> {
                b.sourcePath(source == null ? null : source.attr("path")).sourceMode(mode(source));
                b.reconnect(reconnect(source));
            }
            case TCP -> {
                b.sourceMode(mode(source)).host(source == null ? null : source.attr("host"))
                        .service(source == null ? null : source.attr("service"));
                b.tls(source == null || source.attr("tls") == null ? null
                        : DomainErrors.yesNo(source.attr("tls"), "tls", "source") ? "yes" : "no");
                b.reconnect(reconnect(source));
                XmlCursor protocol = c.child("protocol");
                String p = protocol == null || protocol.attr("type") == null ? "raw" : protocol.attr("type");
                if (!PROTOCOLS.contains(p)) {
                    throw DomainErrors.xmlError("Unknown protocol '" + p + "'");
                }
                b.protocol(p);
                if (source == null || source.attr("service") == null) {
                    throw DomainErrors.xmlError("Missing source service attribute for char device");
                }
            }
            case UDP -> {
                for (XmlCursor s : sources) {
                    if ("bind".equals(s.attr("mode"))) {
                        b.bindHost(s.attr("host")).bindService(s.attr("service"));
                    } else if (s.attr("mode") == null || s.attr("mode").equals("connect")) {
                        b.host(s.attr("host")).service(s.attr("service"));
                    } else {
                        throw DomainErrors.invalidAttribute("mode", "source", s.attr("mode"));
                    }
                }
                if (b.build().service() == null) {
                    throw DomainErrors.xmlError("Missing source service attribute for char device");
                }
            }
            case SPICEPORT, DBUS -> {
                String channel = source == null ? null : source.attr("channel");
                if (channel == null) {
                    throw DomainErrors.xmlError("Missing source channel attribute for char device");
                }
                b.channel(channel);
            }
            case NMDM -> {
                String master = source == null ? null : source.attr("master");
                String slave = source == null ? null : source.attr("slave");
                if (master == null || slave == null) {
                    throw DomainErrors.xmlError("Missing master or slave path attribute for nmdm device");
                }
                b.master(master).slave(slave);
            }
            case QEMU_VDAGENT -> {
                XmlCursor clipboard = source == null ? null : source.child("clipboard");
                XmlCursor mouse = source == null ? null : source.child("mouse");
                b.clipboardCopypaste(clipboard == null || clipboard.attr("copypaste") == null ? null
                        : DomainErrors.yesNo(clipboard.attr("copypaste"), "copypaste", "clipboard") ? "yes" : "no");
                String mode = mouse == null ? null : mouse.attr("mode");
                if (mode != null && !mode.equals("server") && !mode.equals("client")) {
                    throw DomainErrors.invalidAttribute("mode", "mouse", mode);
                }
                b.mouseMode(mode);
            }
            case NULL, VC, STDIO, SPICEVMC -> {
            }
        }
        CharDevice dev = b.build();
        // a UNIX channel may leave its socket's place to the driver (virt-install's guest agent channel)
        if (dev.sourcePath() == null && (type == Type.FILE || type == Type.DEV || type == Type.PIPE
                || type == Type.UNIX && !c.name().equals("channel"))) {
            throw DomainErrors.xmlError("Missing source path attribute for char device");
        }
    }

    /** The per-device security label overrides of every {@code <source>}, in document order. */
    private static List<SourceSeclabel> seclabels(List<XmlCursor> sources) {
        List<SourceSeclabel> out = new ArrayList<>();
        for (XmlCursor source : sources) {
            for (XmlCursor l : source.children("seclabel")) {
                Boolean relabel = DeviceAttrs.yesNo(l, "relabel");
                Boolean labelskip = DeviceAttrs.yesNo(l, "labelskip");
                String label = l.child("label") == null ? null : l.childText("label");
                if (Boolean.FALSE.equals(relabel) && label != null) {
                    throw DomainErrors.xmlError("Cannot specify a label if relabelling is turned off. model="
                            + l.attrOrEmpty("model"));
                }
                out.add(new SourceSeclabel(l.attr("model"), relabel, labelskip, label));
            }
        }
        return out;
    }

    private static String mode(XmlCursor source) {
        String mode = source == null ? null : source.attr("mode");
        if (mode == null) {
            return "connect";
        }
        if (!mode.equals("bind") && !mode.equals("connect")) {
            throw DomainErrors.invalidAttribute("mode", "source", mode);
        }
        return mode;
    }

    static CharDevice.Reconnect reconnect(XmlCursor source) {
        XmlCursor r = source == null ? null : source.child("reconnect");
        if (r == null) {
            return null;
        }
        String enabledText = r.attr("enabled");
        if (enabledText == null) {
            throw DomainErrors.xmlError("missing reconnect enabled attribute");
        }
        boolean enabled = DomainErrors.yesNo(enabledText, "enabled", "reconnect");
        Integer timeout = null;
        if (r.attr("timeout") != null) {
            if (!enabled) {
                throw DomainErrors.xmlError("reconnect attribute 'timeout' requires 'enabled' set to 'yes'");
            }
            try {
                timeout = Integer.parseUnsignedInt(r.attr("timeout"));
            } catch (NumberFormatException e) {
                throw DomainErrors.xmlError("invalid reconnect timeout value '" + r.attr("timeout") + "'");
            }
        } else if (enabled) {
            throw DomainErrors.xmlError("chardev reconnect is enabled but timeout is missing");
        }
        return new CharDevice.Reconnect(enabled, timeout);
    }

    static void write(XmlWriter w, String element, CharDevice c, boolean live) {
        w.open(element, "type", c.type().xmlName(), "tty", live ? c.tty() : null);
        writeSource(w, c);
        writeTarget(w, element, c);
        DeviceInfoXml.write(w, c.info(), live);
        w.close(element);
    }

    private static void writeTarget(XmlWriter w, String element, CharDevice c) {
        String port = c.targetPort() == null ? null : c.targetPort().toString();
        String[] attrs = {"type", c.targetType(), "name", c.targetName(), "state", c.targetState(),
            "address", c.targetAddress(), "port", port};
        if (Stream.of(c.targetType(), c.targetName(), c.targetState(), c.targetAddress(), port, c.targetModel())
                .allMatch(v -> v == null)) {
            return;
        }
        if (c.targetModel() == null) {
            w.empty("target", attrs);
        } else {
            w.open("target", attrs);
            w.empty("model", "name", c.targetModel());
            w.close("target");
        }
    }

    /** Writes the host side's children (sources, protocol, log) of an element whose {@code type} is written. */
    static void writeSource(XmlWriter w, CharDevice c) {
        switch (c.type()) {
            case PTY, DEV, FILE, PIPE -> source(w, c, c.sourcePath() != null, "path", c.sourcePath(),
                    "append", c.append());
            case UNIX -> withReconnect(w, c, "mode", c.sourceMode(), "path", c.sourcePath());
            case TCP -> {
                withReconnect(w, c, "mode", c.sourceMode(), "host", c.host(), "service", c.service(),
                        "tls", c.tls());
                w.empty("protocol", "type", c.protocol() == null ? "raw" : c.protocol());
            }
            case UDP -> {
                if (c.bindHost() != null || c.bindService() != null) {
                    w.empty("source", "mode", "bind", "host", c.bindHost(), "service", c.bindService());
                }
                source(w, c, true, "mode", "connect", "host", c.host(), "service", c.service());
            }
            case SPICEPORT, DBUS -> source(w, c, true, "channel", c.channel());
            case NMDM -> source(w, c, true, "master", c.master(), "slave", c.slave());
            case QEMU_VDAGENT -> {
                if (c.clipboardCopypaste() != null || c.mouseMode() != null || !c.seclabels().isEmpty()) {
                    w.open("source");
                    if (c.clipboardCopypaste() != null) {
                        w.empty("clipboard", "copypaste", c.clipboardCopypaste());
                    }
                    if (c.mouseMode() != null) {
                        w.empty("mouse", "mode", c.mouseMode());
                    }
                    writeSeclabels(w, c);
                    w.close("source");
                }
            }
            case NULL, VC, STDIO, SPICEVMC -> source(w, c, false);
        }
        if (c.log() != null) {
            w.empty("log", "file", c.log().file(), "append", c.log().append());
        }
    }

    /** A {@code <source>} with {@code attrs} and the seclabels, written when {@code present} or labels exist. */
    private static void source(XmlWriter w, CharDevice c, boolean present, String... attrs) {
        if (c.seclabels().isEmpty()) {
            if (present) {
                w.empty("source", attrs);
            }
            return;
        }
        w.open("source", attrs);
        writeSeclabels(w, c);
        w.close("source");
    }

    private static void writeSeclabels(XmlWriter w, CharDevice c) {
        for (SourceSeclabel l : c.seclabels()) {
            String[] attrs = {"model", l.model(), "relabel", DeviceAttrs.yesNo(l.relabel()),
                "labelskip", DeviceAttrs.yesNo(l.labelskip())};
            if (l.label() == null) {
                w.empty("seclabel", attrs);
            } else {
                w.open("seclabel", attrs);
                w.text("label", l.label());
                w.close("seclabel");
            }
        }
    }

    private static void withReconnect(XmlWriter w, CharDevice c, String... attrs) {
        if (c.reconnect() == null) {
            source(w, c, true, attrs);
            return;
        }
        w.open("source", attrs);
        w.empty("reconnect", "enabled", c.reconnect().enabled() ? "yes" : "no", "timeout",
                c.reconnect().timeout() == null ? null : c.reconnect().timeout().toString());
        writeSeclabels(w, c);
        w.close("source");
    }
}
