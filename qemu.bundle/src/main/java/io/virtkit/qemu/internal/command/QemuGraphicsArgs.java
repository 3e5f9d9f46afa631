package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.regex.Pattern;

import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.model.domain.SpiceChannel;
import io.virtkit.model.domain.SpiceSettings;

/**
 * Graphics: {@code -vnc} and {@code -spice} ({@link QemuDisplaySupport} refuses the other types first). The
 * adapters that show them are {@link QemuVideoArgs}'s. Passwords go over QMP, never on the command line.
 */
final class QemuGraphicsArgs {

    /** An IPv4/IPv6 literal or a host name. */
    private static final Pattern LISTEN_ADDRESS = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:_-]*");

    private QemuGraphicsArgs() {
    }

    static void add(QemuArgv a) {
        for (GraphicsDevice g : a.def.devices().graphics()) {
            if (g.type() == GraphicsDevice.Type.VNC) {
                a.add("-vnc", vnc(a, g));
            } else if (g.type() == GraphicsDevice.Type.SPICE) {
                a.add("-spice", spice(a, g));
            }
        }
    }

    private static GraphicsListen.Type listenType(GraphicsDevice g) {
        return g.listens().isEmpty() ? GraphicsListen.Type.ADDRESS : g.listens().get(0).type();
    }

    private static String socketOf(GraphicsDevice g) {
        return g.socket() != null ? g.socket() : g.listens().isEmpty() ? null : g.listens().get(0).socket();
    }

    private static String vnc(QemuArgv a, GraphicsDevice g) {
        StringBuilder vnc = new StringBuilder();
        String socket = socketOf(g);
        if (socket != null) {
            vnc.append("unix:").append(QemuArgv.escape(socket));
        } else if (listenType(g) == GraphicsListen.Type.NONE) {
            vnc.append("none");
        } else {
            vnc.append(host(g.listen() == null ? a.options.vncListen() : g.listen(), "VNC")).append(':');
            if (g.autoport()) {
                // QEMU takes the first free display in the range; the driver reads the port with query-vnc.
                vnc.append(a.options.vncPortMin() - QemuCommandOptions.VNC_BASE_PORT).append(",to=")
                        .append(a.options.vncPortMax() - QemuCommandOptions.VNC_BASE_PORT);
            } else {
                vnc.append(port(g.port(), "vnc") - QemuCommandOptions.VNC_BASE_PORT);
            }
            if (g.websocket() != null) {
                vnc.append(",websocket=").append(g.websocket());
            }
        }
        if (g.sharePolicy() != null) {
            vnc.append(",share=").append(g.sharePolicy());
        }
        if (Boolean.TRUE.equals(g.powerControl())) {
            vnc.append(",power-control=on");
        }
        if (g.passwd() != null) {
            // The password itself goes over QMP (set_password), never on the command line.
            vnc.append(",password=on");
        }
        if (g.audioId() != null) {
            vnc.append(",audiodev=audio").append(g.audioId());
        }
        return vnc.toString();
    }

    private static String spice(QemuArgv a, GraphicsDevice g) {
        StringBuilder spice = new StringBuilder();
        GraphicsListen.Type listen = listenType(g);
        String socket = socketOf(g);
        if (socket != null) {
            spice.append("unix=on,addr=").append(QemuArgv.escape(socket)).append(',');
        } else if (listen != GraphicsListen.Type.NONE) {
            // an autoport's port is chosen before the command line is made (QemuSpicePorts); a definition
            // turned into a command line without starting shows the first port of the range
            int port = g.port() > 0 ? g.port() : g.autoport() ? a.options.vncPortMin() : -1;
            spice.append("port=").append(port(port, "spice")).append(",addr=")
                    .append(host(g.listen() == null ? a.options.vncListen() : g.listen(), "spice"))
                    .append(',');
        }
        if (g.passwd() == null) {
            spice.append("disable-ticketing=on,");
        }
        SpiceSettings s = g.spice();
        for (SpiceChannel c : s.channels()) {
            if (c.mode().equals("insecure")) {
                spice.append("plaintext-channel=").append(c.name()).append(',');
            }
        }
        option(spice, "image-compression", s.imageCompression());
        option(spice, "jpeg-wan-compression", s.jpegCompression());
        option(spice, "zlib-glz-wan-compression", s.zlibCompression());
        option(spice, "playback-compression", onOff(s.playbackCompression()));
        option(spice, "streaming-video", s.streamingMode());
        option(spice, "agent-mouse", s.mouseMode() == null ? null : onOff(s.mouseMode().equals("client")));
        option(spice, "disable-copy-paste", s.clipboardCopyPaste() == null ? null : onOff(!s.clipboardCopyPaste()));
        option(spice, "disable-agent-file-xfer", s.fileTransfer() == null ? null : onOff(!s.fileTransfer()));
        spice.append("seamless-migration=on");
        return spice.toString();
    }

    private static void option(StringBuilder sb, String key, String value) {
        if (value != null) {
            sb.append(key).append('=').append(value).append(',');
        }
    }

    private static String onOff(Boolean b) {
        return b == null ? null : b ? "on" : "off";
    }

    private static int port(int port, String type) {
        if (port < QemuCommandOptions.VNC_BASE_PORT || port > 65535) {
            throw unsupported(type + " port must be in range [5900,65535]");
        }
        return port;
    }

    /** The address as QEMU reads it: a bare word (or QEMU would read keys), IPv6 in brackets for VNC. */
    private static String host(String listen, String type) {
        if (!LISTEN_ADDRESS.matcher(listen).matches()) {
            throw unsupported(type + " listen address '" + listen + "' is not a valid address");
        }
        return type.equals("VNC") && listen.indexOf(':') >= 0 ? "[" + listen + "]" : listen;
    }
}
