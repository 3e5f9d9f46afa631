package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * What of an {@code <interface>} the driver cannot run, refused at start with CONFIG_UNSUPPORTED: every
 * setting beyond type, MAC, source, target, model, MTU, boot order and what {@link QemuNicDriverArgs} runs of
 * the driver (VLAN, virtual port, bandwidth, port options, back-end domain, filter, tuning, teaming, a link
 * that is down, coalescing, ROM, addresses, routes, port forwards) until the command line or the netdev
 * bundle honours it.
 */
final class QemuNicSupport {

    /** The interface types run: a TAP on a network or bridge or of its own, or user-mode networking. */
    private static final Set<InterfaceDevice.Type> RUN = EnumSet.of(InterfaceDevice.Type.NETWORK,
            InterfaceDevice.Type.BRIDGE, InterfaceDevice.Type.ETHERNET, InterfaceDevice.Type.USER);

    private QemuNicSupport() {
    }

    static void check(DomainDevices dev) {
        for (InterfaceDevice nic : dev.interfaces()) {
            if (!RUN.contains(nic.type())) {
                throw unsupported("interface type '" + nic.type().xmlName() + "' is not supported by the QEMU driver");
            }
            // the driver and the boot order are run, within QemuNicDriverArgs' limits
            List<String> set = nic.settings().elementNames().stream()
                    .filter(e -> !e.equals("driver") && !e.equals("boot")).toList();
            if (!set.isEmpty()) {
                throw unsupported("interface <" + set.get(0) + "> is not supported by the QEMU driver");
            }
            QemuNicDriverArgs.check(nic);
        }
    }
}
