package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.CharDevice;
import java.util.ArrayList;
import java.util.List;

/**
 * Serial and parallel ports and the console with libvirt's rules (xenParseCharDev, xenParseSxprChar,
 * xenFormatCharDev, xenFormatSxprChr): an HVM guest's {@code parallel} and {@code serial} (one string or, for
 * xl, a list by port with {@code "none"} gaps) in Xen's {@code TYPE:DETAILS} words; a PV guest always has its
 * Xen console on a pty.
 */
final class XlCharDevices {
    private static final List<String> TYPES = List.of("null", "vc", "pty", "dev", "file", "pipe", "stdio", "udp",
            "tcp", "unix", "spicevmc", "spiceport", "nmdm", "qemu-vdagent", "dbus");

    private XlCharDevices() {
    }

    /** An HVM guest's parallel port, or {@code null}. */
    static CharDevice parseParallel(XlEntries xl) {
        String parallel = xl.string("parallel", null);
        if (parallel == null || parallel.equals("none")) {
            return null;
        }
        return parse(parallel).targetPort(0).build();
    }

    /** An HVM guest's serial ports. */
    static List<CharDevice> parseSerials(XlEntries xl, XlFormat format) {
        List<CharDevice> serials = new ArrayList<>();
        List<String> list = xl.list("serial");
        if (list != null) {
            if (format == XlFormat.XM) {
                throw XlErrors.unsupported("Multiple serial devices are not supported by xen-xm");
            }
            for (int port = 0; port < list.size(); port++) {
                if (!list.get(port).equals("none")) {
                    serials.add(parse(list.get(port)).targetPort(port).build());
                }
            }
            return serials;
        }
        String serial = xl.string("serial", null);
        if (serial != null && !serial.equals("none")) {
            serials.add(parse(serial).targetPort(0).build());
        }
        return serials;
    }

    /** A PV guest's console: a pty on Xen's console. */
    static CharDevice xenConsole() {
        return CharDevice.builder().type(CharDevice.Type.PTY).targetType("xen").targetPort(0).build();
    }

    /** Xen's words for a character device: a path, or {@code TYPE[:DETAILS]}. */
    static CharDevice.Builder parse(String value) {
        CharDevice.Builder chr = CharDevice.builder();
        if (value.startsWith("/")) {
            return chr.type(CharDevice.Type.DEV).sourcePath(value);
        }
        String prefix = value;
        String rest = value;
        int colon = value.indexOf(':');
        if (colon >= 0) {
            prefix = value.substring(0, colon);
            rest = value.substring(colon + 1);
        }
        CharDevice.Type type;
        if (prefix.startsWith("telnet")) {
            type = CharDevice.Type.TCP;
            chr.protocol("telnet");
        } else if (TYPES.contains(prefix)) {
            type = CharDevice.Type.valueOf(prefix.toUpperCase().replace('-', '_'));
        } else {
            throw XlErrors.internal("unknown chr device type '" + prefix + "'");
        }
        chr.type(type);
        switch (type) {
            case FILE, PIPE -> chr.sourcePath(rest);
            case TCP -> {
                int sep = rest.indexOf(':');
                if (sep < 0) {
                    throw XlErrors.internal("malformed char device string");
                }
                if (sep > 0) {
                    chr.host(rest.substring(0, sep));
                }
                int options = rest.indexOf(',', sep);
                chr.service(options < 0 ? rest.substring(sep + 1) : rest.substring(sep + 1, options));
                boolean listen = options >= 0 && rest.indexOf(",server", options) >= 0;
                chr.sourceMode(listen ? "bind" : "connect");
                if (type == CharDevice.Type.TCP && !prefix.startsWith("telnet")) {
                    chr.protocol("raw");
                }
            }
            case UDP -> {
                int sep = rest.indexOf(':');
                if (sep < 0) {
                    throw XlErrors.internal("malformed char device string");
                }
                if (sep > 0) {
                    chr.host(rest.substring(0, sep));
                }
                int at = rest.indexOf('@', sep);
                if (at < 0) {
                    chr.service(rest.substring(sep + 1));
                } else {
                    chr.service(rest.substring(sep + 1, at));
                    int bindSep = rest.indexOf(':', at);
                    if (bindSep < 0) {
                        throw XlErrors.internal("malformed char device string");
                    }
                    if (bindSep > at + 1) {
                        chr.bindHost(rest.substring(at + 1, bindSep));
                    }
                    chr.bindService(rest.substring(bindSep + 1));
                }
            }
            case UNIX -> {
                int options = rest.indexOf(',');
                chr.sourcePath(options < 0 ? rest : rest.substring(0, options));
                chr.sourceMode(options >= 0 && rest.indexOf(",server", options) >= 0 ? "bind" : "connect");
            }
            default -> {
                // pty and the rest carry no details
            }
        }
        return chr;
    }

    /** Writes an HVM guest's {@code parallel} and {@code serial} settings. */
    static void format(List<CharDevice> parallels, List<CharDevice> serials, XlFormat format, XlConfig out) {
        out.set("parallel", parallels.isEmpty() ? "none" : format(parallels.get(0)));
        if (serials.isEmpty()) {
            out.set("serial", "none");
            return;
        }
        if (serials.size() == 1 && port(serials.get(0)) == 0) {
            out.set("serial", format(serials.get(0)));
            return;
        }
        if (format == XlFormat.XM) {
            throw XlErrors.unsupported("Multiple serial devices are not supported by xen-xm");
        }
        int maxPort = serials.stream().mapToInt(XlCharDevices::port).max().orElse(-1);
        List<String> ports = new ArrayList<>();
        for (int port = 0; port <= maxPort; port++) {
            CharDevice found = null;
            for (CharDevice serial : serials) {
                if (port(serial) == port) {
                    found = serial;
                    break;
                }
            }
            ports.add(found == null ? "none" : format(found));
        }
        out.set("serial", XlValue.strings(ports));
    }

    private static int port(CharDevice chr) {
        return chr.targetPort() == null ? 0 : chr.targetPort();
    }

    /** Xen's words for a character device, refusing the kinds it has none for. */
    static String format(CharDevice chr) {
        boolean listen = "bind".equals(chr.sourceMode());
        return switch (chr.type()) {
            case NULL, STDIO, VC, PTY -> chr.type().xmlName();
            case FILE, PIPE -> chr.type().xmlName() + ":" + chr.sourcePath();
            case DEV -> chr.sourcePath();
            case TCP -> ("telnet".equals(chr.protocol()) ? "telnet" : "tcp") + ":" + empty(chr.host()) + ":"
                    + empty(chr.service()) + (listen ? ",server,nowait" : "");
            case UDP -> "udp:" + empty(chr.host()) + ":" + empty(chr.service()) + "@" + empty(chr.bindHost()) + ":"
                    + empty(chr.bindService());
            case UNIX -> "unix:" + chr.sourcePath() + (listen ? ",server,nowait" : "");
            default -> throw XlErrors.unsupported("unsupported chr device type '" + chr.type().xmlName() + "'");
        };
    }

    private static String empty(String value) {
        return value == null ? "" : value;
    }
}
