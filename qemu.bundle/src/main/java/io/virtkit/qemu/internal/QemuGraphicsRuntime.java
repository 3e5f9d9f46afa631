package io.virtkit.qemu.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.GraphicsListen;
import io.virtkit.qemu.internal.command.QemuCommandOptions;
import io.virtkit.qemu.internal.qmp.QmpClient;

/**
 * What a display needs around the command line: a free port for a SPICE {@code autoport} (QEMU, unlike for
 * VNC, takes no range), chosen before QEMU starts so the live XML carries it, and the VNC and SPICE
 * passwords, set over QMP once QEMU runs so they never appear on a command line.
 */
final class QemuGraphicsRuntime {

    /**
     * How long a port handed out stays reserved: long enough for its QEMU to bind it, after which the bind
     * test sees it taken. Two domains starting at once thus never get the same port.
     */
    private static final Duration RESERVATION = Duration.ofMinutes(1);

    private final Map<Integer, Long> handedOut = new HashMap<>();

    /** {@code def} with a free port for each SPICE display with autoport and no port yet. */
    DomainDefinition allocatePorts(DomainDefinition def) {
        List<GraphicsDevice> graphics = new ArrayList<>(def.devices().graphics());
        boolean changed = false;
        for (int n = 0; n < graphics.size(); n++) {
            GraphicsDevice g = graphics.get(n);
            if (g.type() == GraphicsDevice.Type.SPICE && g.autoport() && g.port() <= 0 && listensOnTcp(g)) {
                graphics.set(n, g.toBuilder().port(freePort(g.listen())).build());
                changed = true;
            }
        }
        return changed ? def.withDevices(def.devices().toBuilder().graphics(graphics).build()) : def;
    }

    private static boolean listensOnTcp(GraphicsDevice g) {
        return g.socket() == null
                && (g.listens().isEmpty() || g.listens().get(0).type() == GraphicsListen.Type.ADDRESS);
    }

    /**
     * The first port of the display range free on the listen address, searched from the top of the range
     * down: VNC displays of the same QEMU take theirs from the bottom up, and binding happens inside QEMU.
     */
    private synchronized int freePort(String listen) {
        long now = System.nanoTime();
        handedOut.values().removeIf(until -> until - now < 0);
        QemuCommandOptions range = QemuCommandOptions.DEFAULTS;
        String host = listen == null ? range.vncListen() : listen;
        for (int port = range.vncPortMax(); port >= range.vncPortMin(); port--) {
            if (!handedOut.containsKey(port) && bindable(host, port)) {
                handedOut.put(port, now + RESERVATION.toNanos());
                return port;
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Unable to find an unused port in range 'display' (" + range.vncPortMin() + "-"
                        + range.vncPortMax() + ")");
    }

    private static boolean bindable(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Sets each display's password over QMP (QEMU refuses clients until it is set). */
    static void setPasswords(DomainDefinition def, QmpClient qmp, Duration timeout) {
        for (GraphicsDevice g : def.devices().graphics()) {
            if (g.passwd() == null) {
                continue;
            }
            Map<String, Object> args = new LinkedHashMap<>();
            args.put("protocol", g.type().xmlName());
            args.put("password", g.passwd());
            if (g.connected() != null) {
                args.put("connected", g.connected());
            }
            qmp.execute("set_password", args, timeout);
        }
    }
}
