package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;

import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.InterfaceDevice;

/**
 * What of an {@code <interface>} the driver cannot run, refused at start with CONFIG_UNSUPPORTED: every
 * setting beyond type, MAC, source, target, model and MTU (VLAN, virtual port, bandwidth, port options,
 * back-end domain, filter, tuning, teaming, a link that is down, coalescing, ROM) until the command line or
 * the netdev bundle honours it.
 */
final class QemuNicSupport {

    private QemuNicSupport() {
    }

    static void check(DomainDevices dev) {
        for (InterfaceDevice nic : dev.interfaces()) {
            List<String> set = nic.settings().elementNames();
            if (!set.isEmpty()) {
                throw unsupported("interface <" + set.get(0) + "> is not supported by the QEMU driver");
            }
        }
    }
}
