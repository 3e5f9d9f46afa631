package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;
import java.util.regex.Pattern;

import io.virtkit.model.domain.GraphicsDevice;

/** Graphics: {@code -vnc} and the VGA that shows it (in its kept slot, {@code video0}). */
final class QemuGraphicsArgs {

    /** An IPv4/IPv6 literal or a host name. */
    private static final Pattern LISTEN_ADDRESS = Pattern.compile("[A-Za-z0-9:][A-Za-z0-9.:_-]*");

    private QemuGraphicsArgs() {
    }

    static void add(QemuArgv a) {
        List<GraphicsDevice> graphics = a.def.devices().graphics();
        if (graphics.size() > 1) {
            throw unsupported("only 1 graphics device of each type (sdl, vnc, spice, dbus) is supported");
        }
        for (GraphicsDevice g : graphics) {
            String listen = g.listen() == null ? a.options.vncListen() : g.listen();
            // The address is the implied first value of -vnc: a bare word, or QEMU would read keys.
            if (!LISTEN_ADDRESS.matcher(listen).matches()) {
                throw unsupported("VNC listen address '" + listen + "' is not a valid address");
            }
            String host = listen.indexOf(':') >= 0 ? "[" + listen + "]" : listen;
            StringBuilder vnc = new StringBuilder(host).append(':');
            if (g.autoport()) {
                // QEMU takes the first free display in the range; the driver reads the port with query-vnc.
                vnc.append(a.options.vncPortMin() - QemuCommandOptions.VNC_BASE_PORT).append(",to=")
                        .append(a.options.vncPortMax() - QemuCommandOptions.VNC_BASE_PORT);
            } else {
                if (g.port() < QemuCommandOptions.VNC_BASE_PORT || g.port() > 65535) {
                    throw unsupported("vnc port must be in range [5900,65535]");
                }
                vnc.append(g.port() - QemuCommandOptions.VNC_BASE_PORT);
            }
            if (g.passwd() != null) {
                // The password itself goes over QMP (change-vnc-password), never on the command line.
                vnc.append(",password=on");
            }
            a.add("-vnc", vnc.toString());
            a.add("-device", "VGA,id=video0" + a.slots.vga());
        }
    }
}
