package io.virtkit.xen.internal.xl;

import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.model.domain.SpiceSettings;
import java.util.List;

/**
 * The display with libvirt's rules (xenParseVfb, xenParseXLSpice, xenFormatVfb, xenFormatXLSpice): an HVM
 * guest's {@code vnc}/{@code sdl} (and, for xl, {@code spice}) keys, a PV guest's first {@code vfb} entry.
 * libvirt converts one display only.
 */
final class XlGraphics {
    private static final int VNC_BASE = 5900;
    private static final int MAX_PORT = 65535;

    private XlGraphics() {
    }

    /** The display an HVM guest's keys describe, or {@code null}. */
    static GraphicsDevice parseHvm(XlEntries xl, XlFormat format) {
        GraphicsDevice display = null;
        if (xl.bool("vnc", false)) {
            boolean autoport = xl.bool("vncunused", true);
            int port = autoport ? -1 : vncPort(xl.ulong("vncdisplay", 0));
            if (!autoport && port < 0) {
                throw XlErrors.malformed("vncdisplay");
            }
            GraphicsDevice.Builder vnc = GraphicsDevice.builder(GraphicsDevice.Type.VNC).autoport(autoport)
                    .port(port)
                    .passwd(xl.string("vncpasswd", null)).keymap(xl.string("keymap", null));
            display = listen(vnc, xl.string("vnclisten", null)).build();
        } else if (xl.bool("sdl", false)) {
            display = GraphicsDevice.builder(GraphicsDevice.Type.SDL).display(xl.string("display", null))
                    .xauth(xl.string("xauthority", null)).build();
        }
        if (format == XlFormat.XL && xl.bool("spice", false)) {
            display = spice(xl); // libvirt's xl reader puts SPICE in the place of any other display
        }
        return display;
    }

    private static GraphicsDevice spice(XlEntries xl) {
        int tlsPort = (int) xl.ulong("spicetls_port", 0);
        int port = (int) xl.ulong("spiceport", 0);
        GraphicsDevice.Builder spice = GraphicsDevice.builder(GraphicsDevice.Type.SPICE).tlsPort(tlsPort)
                .port(port).autoport(tlsPort == 0 && port == 0);
        if (!xl.bool("spicedisable_ticketing", false)) {
            spice.passwd(xl.required("spicepasswd"));
        }
        String mouse = xl.bool("spiceagent_mouse", false) ? "client" : "server";
        boolean clipboard = xl.bool("spice_clipboard_sharing", false);
        spice.spice(new SpiceSettings(List.of(), null, null, null, null, null, clipboard, mouse, null));
        return listen(spice, xl.string("spicehost", null)).build();
    }

    /** A PV guest's display: its first {@code vfb} entry, or {@code null}. */
    static GraphicsDevice parsePv(XlEntries xl) {
        List<String> vfbs = xl.list("vfb");
        if (vfbs == null || vfbs.isEmpty()) {
            return null;
        }
        String vfb = vfbs.get(0);
        if (vfb.length() >= 1024) {
            throw XlErrors.internal("VFB " + vfb + " too big for destination");
        }
        boolean sdl = vfb.contains("type=sdl");
        GraphicsDevice.Builder display = GraphicsDevice.builder(sdl ? GraphicsDevice.Type.SDL
                : GraphicsDevice.Type.VNC);
        String listen = null;
        Boolean autoport = null;
        Integer vncDisplay = null;
        int pos = 0;
        while (pos >= 0 && pos < vfb.length()) {
            int comma = vfb.indexOf(',', pos);
            String key = comma < 0 ? vfb.substring(pos) : vfb.substring(pos, comma);
            if (key.indexOf('=') < 0) {
                break;
            }
            String value = key.substring(key.indexOf('=') + 1);
            if (!sdl) {
                if (key.startsWith("vncunused=")) {
                    autoport = value.equals("1") ? Boolean.TRUE : Boolean.FALSE;
                } else if (key.startsWith("vnclisten=")) {
                    listen = value;
                } else if (key.startsWith("vncpasswd=")) {
                    display.passwd(value);
                } else if (key.startsWith("keymap=")) {
                    display.keymap(value);
                } else if (key.startsWith("vncdisplay=")) {
                    try {
                        vncDisplay = Integer.parseInt(value);
                    } catch (NumberFormatException e) {
                        throw XlErrors.internal("invalid vncdisplay value '" + value + "'");
                    }
                    if (vncPort(vncDisplay) < 0) {
                        throw XlErrors.internal("invalid vncdisplay value '" + value + "'");
                    }
                }
            } else if (key.startsWith("display=")) {
                display.display(value);
            } else if (key.startsWith("xauthority=")) {
                display.xauth(value);
            }
            pos = comma;
            while (pos >= 0 && pos < vfb.length() && ",\t ".indexOf(vfb.charAt(pos)) >= 0) {
                pos++;
            }
        }
        if (!sdl) {
            // libxl picks a free display unless told vncunused=0 or given one; without one, display 0
            if (autoport == null ? vncDisplay == null : autoport) {
                display.autoport(true);
            } else {
                display.port(vncPort(vncDisplay == null ? 0 : vncDisplay));
            }
        }
        return (sdl ? display : listen(display, listen)).build();
    }

    /** The TCP port of a VNC display number, or -1 when the display lies outside the ports VNC can use. */
    private static int vncPort(long display) {
        return display < 0 || display > MAX_PORT - VNC_BASE ? -1 : (int) display + VNC_BASE;
    }

    private static GraphicsDevice.Builder listen(GraphicsDevice.Builder display, String address) {
        return address == null ? display : display.listen(address).listens(List.of(GraphicsListen.ofAddress(address)));
    }

    /** Writes the display: keys for HVM, a {@code vfb} entry for PV; SPICE only in xl for HVM. */
    static void format(List<GraphicsDevice> graphics, boolean hvm, XlFormat format, XlConfig out) {
        if (graphics.size() != 1) {
            return;
        }
        GraphicsDevice display = graphics.get(0);
        if (display.type() == GraphicsDevice.Type.SPICE) {
            return; // written with the xl keys, after the OS (formatSpice)
        }
        String listen = display.listens().isEmpty() ? display.listen() : display.listens().get(0).address();
        if (hvm) {
            if (display.type() == GraphicsDevice.Type.SDL) {
                out.set("sdl", 1).set("vnc", 0);
                setIf(out, "display", display.display());
                setIf(out, "xauthority", display.xauth());
            } else {
                out.set("sdl", 0).set("vnc", 1).set("vncunused", display.autoport() ? 1 : 0);
                if (!display.autoport()) {
                    out.set("vncdisplay", display.port() - VNC_BASE);
                }
                setIf(out, "vnclisten", listen);
                setIf(out, "vncpasswd", display.passwd());
                setIf(out, "keymap", display.keymap());
            }
            return;
        }
        StringBuilder vfb = new StringBuilder();
        if (display.type() == GraphicsDevice.Type.SDL) {
            vfb.append("type=sdl");
            append(vfb, "display", display.display());
            append(vfb, "xauthority", display.xauth());
        } else {
            vfb.append("type=vnc,vncunused=").append(display.autoport() ? 1 : 0);
            if (!display.autoport()) {
                vfb.append(",vncdisplay=").append(display.port() - VNC_BASE);
            }
            append(vfb, "vnclisten", listen);
            append(vfb, "vncpasswd", display.passwd());
            append(vfb, "keymap", display.keymap());
        }
        out.set("vfb", XlValue.strings(List.of(vfb.toString())));
    }

    /** Writes an HVM guest's SPICE display (xl only). */
    static void formatSpice(List<GraphicsDevice> graphics, boolean hvm, XlConfig out) {
        if (!hvm || graphics.isEmpty() || graphics.get(0).type() != GraphicsDevice.Type.SPICE) {
            return;
        }
        GraphicsDevice spice = graphics.get(0);
        out.set("sdl", 0).set("vnc", 0).set("spice", 1);
        String listen = spice.listens().isEmpty() ? spice.listen() : spice.listens().get(0).address();
        setIf(out, "spicehost", listen);
        out.set("spiceport", Math.max(spice.port(), 0)).set("spicetls_port", Math.max(spice.tlsPort(), 0));
        if (spice.passwd() != null) {
            out.set("spicedisable_ticketing", 0).set("spicepasswd", spice.passwd());
        } else {
            out.set("spicedisable_ticketing", 1);
        }
        String mouse = spice.spice().mouseMode();
        if ("server".equals(mouse)) {
            out.set("spiceagent_mouse", 0);
        } else if ("client".equals(mouse)) {
            out.set("spiceagent_mouse", 1).set("spicevdagent", 1);
        }
        if (Boolean.TRUE.equals(spice.spice().clipboardCopyPaste())) {
            out.set("spice_clipboard_sharing", 1).set("spicevdagent", 1);
        }
    }

    private static void setIf(XlConfig out, String key, String value) {
        if (value != null) {
            out.set(key, value);
        }
    }

    private static void append(StringBuilder vfb, String key, String value) {
        if (value != null) {
            vfb.append(',').append(key).append('=').append(value);
        }
    }
}
