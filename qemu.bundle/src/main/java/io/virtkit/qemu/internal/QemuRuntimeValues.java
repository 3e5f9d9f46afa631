package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.GraphicsDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.qemu.internal.command.QemuCommandLine;
import io.virtkit.qemu.internal.qmp.QmpClient;
import io.virtkit.qemu.internal.qmp.QmpFdChannel;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.net.TapProvider;

/**
 * What a start completes over QMP before the CPUs run (part of libvirt's {@code qemuProcessLaunch}): the
 * TAPs handed to QEMU and the values QEMU chose (pty paths, the VNC port), for the live definition.
 */
final class QemuRuntimeValues {

    private QemuRuntimeValues() {
    }

    /**
     * libvirt's way to give QEMU its TAPs: each is opened here and its descriptor passed over the
     * fd-passing monitor (QEMU keeps passed descriptors per monitor, so {@code netdev_add} must run
     * there too), then the NIC is added on the main monitor, all before the CPUs run. Our descriptor
     * is closed once QEMU holds its own, so a TAP is transient: it vanishes when QEMU exits, and neither
     * destroy nor shutdown has to unplug anything. On failure every TAP still held here is closed; the
     * caller kills QEMU, which takes the ones already handed over with it.
     *
     * @return {@code live} with each TAP's name as the interface's {@code <target dev>}
     */
    static DomainDefinition plugTaps(DomainDefinition live, List<QemuCommandLine.TapNic> nics, TapProvider taps,
            Path fdPass, QmpClient qmp, Duration timeout) {
        List<InterfaceDevice> ifaces = new ArrayList<>(live.devices().interfaces());
        try (QmpFdChannel channel = QmpFdChannel.connect(fdPass, timeout)) {
            for (QemuCommandLine.TapNic nic : nics) {
                try (ConnectedTap tap = taps.connect(nic.iface(), nic.virtio())) {
                    channel.passFd(tap.fd(), nic.netdevId(), timeout);
                    channel.execute("netdev_add", Map.of("type", "tap", "id", nic.netdevId(),
                            "fd", nic.netdevId(), "vhost", false), timeout);
                    qmp.execute("device_add", nic.deviceArgs(), timeout);
                    ifaces.set(nic.index(), nic.iface().toBuilder().targetDev(tap.name()).build());
                }
            }
        }
        return live.withDevices(live.devices().toBuilder().interfaces(ifaces).build());
    }

    /** The definition with what QEMU chose at start: pty paths of serials and consoles, the VNC port. */
    static DomainDefinition of(DomainDefinition def, QmpClient qmp, Duration timeout) {
        DomainDevices dev = def.devices();
        boolean hasPty = dev.serials().stream().anyMatch(c -> c.type() == CharDevice.Type.PTY)
                || dev.consoles().stream().anyMatch(c -> c.type() == CharDevice.Type.PTY);
        boolean hasVnc = dev.graphics().stream().anyMatch(g -> g.type() == GraphicsDevice.Type.VNC);
        if (!hasPty && !hasVnc) {
            return def;
        }
        List<CharDevice> serials = dev.serials();
        List<CharDevice> consoles = dev.consoles();
        if (hasPty) {
            Map<String, String> ptys = new HashMap<>();
            for (JsonNode c : qmp.execute("query-chardev", null, timeout)) {
                String filename = c.path("filename").asText("");
                if (filename.startsWith("pty:")) {
                    ptys.put(c.path("label").asText(), filename.substring(4));
                }
            }
            serials = new ArrayList<>();
            for (int i = 0; i < dev.serials().size(); i++) {
                CharDevice serial = dev.serials().get(i);
                serials.add(withPty(serial, ptys.get(QemuCommandLine.serialChardevId(serial))));
            }
            consoles = new ArrayList<>();
            for (int i = 0; i < dev.consoles().size(); i++) {
                String pty = ptys.get("charconsole" + i);
                if (pty == null && i == 0 && !dev.serials().isEmpty()) {
                    // the first console is the first serial port under another name
                    pty = ptys.get(QemuCommandLine.serialChardevId(dev.serials().get(0)));
                }
                consoles.add(withPty(dev.consoles().get(i), pty));
            }
        }
        List<GraphicsDevice> graphics = dev.graphics();
        if (hasVnc) {
            JsonNode vnc = qmp.execute("query-vnc", null, timeout);
            int port = vnc.path("enabled").asBoolean(false) ? vnc.path("service").asInt(-1) : -1;
            graphics = new ArrayList<>();
            for (GraphicsDevice g : dev.graphics()) {
                graphics.add(g.type() == GraphicsDevice.Type.VNC && g.autoport() && port > 0
                        ? g.toBuilder().port(port).build() : g);
            }
        }
        return def.withDevices(dev.toBuilder().serials(serials).consoles(consoles).graphics(graphics).build());
    }

    private static CharDevice withPty(CharDevice c, String pty) {
        if (c.type() != CharDevice.Type.PTY || pty == null) {
            return c;
        }
        return c.toBuilder().sourcePath(pty).build();
    }
}
