package io.virtkit.lxc.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/**
 * Devices a container cannot have: disks, controllers, host devices, USB hubs and redirection, leases (a container shares the host's kernel; its storage
 * is {@code <filesystem>}). Refused with "unsupported configuration", as libvirt's LXC driver refuses what
 * it cannot set up, never dropped.
 */
final class LxcDeviceSupport {

    private LxcDeviceSupport() {
    }

    static void check(DomainDefinition def) {
        if (!def.devices().disks().isEmpty()) {
            throw unsupported("disk '" + def.devices().disks().get(0).targetDev()
                    + "': disks are not supported by the LXC driver; use <filesystem>");
        }
        if (!def.devices().controllers().isEmpty()) {
            throw unsupported("controller type '" + def.devices().controllers().get(0).type()
                    + "' is not supported by the LXC driver");
        }
        if (!def.devices().hubs().isEmpty() || !def.devices().redirdevs().isEmpty()
                || !def.devices().redirFilter().isEmpty()) {
            throw unsupported("USB hubs and redirection are not supported by the LXC driver");
        }
        if (!def.devices().hostdevs().isEmpty()) {
            throw unsupported("host devices (hostdev mode '" + def.devices().hostdevs().get(0).mode()
                    + "') are not supported by the LXC driver");
        }
        if (!def.devices().leases().isEmpty()) {
            throw unsupported("leases are not supported by the LXC driver (it has no lock manager)");
        }
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, detail);
    }
}
