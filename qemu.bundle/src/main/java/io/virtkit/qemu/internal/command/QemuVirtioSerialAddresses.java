package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DomainDefinition;

/**
 * Virtio-serial addresses of virtio consoles (libvirt's {@code virDomainVirtioSerialAddrAutoAssign}; the model
 * has no channels): each console on controller 0, bus 0, at the lowest free port (consoles may take port 0),
 * and the {@code virtio-serial} controller they name; an address given is honoured, one used twice refused.
 */
final class QemuVirtioSerialAddresses {

    private QemuVirtioSerialAddresses() {
    }

    static boolean isVirtio(CharDevice console) {
        return "virtio".equals(console.targetType());
    }

    static DomainDefinition assign(DomainDefinition def) {
        List<CharDevice> consoles = new ArrayList<>(def.devices().consoles());
        if (consoles.stream().noneMatch(QemuVirtioSerialAddresses::isVirtio)) {
            return def;
        }
        Set<String> used = new HashSet<>();
        Set<Integer> controllers = new HashSet<>();
        for (CharDevice c : consoles) {
            if (isVirtio(c) && c.address() instanceof DeviceAddress.VirtioSerial v) {
                if (!used.add(v.controller() + ":" + v.bus() + ":" + v.port())) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "virtio serial port "
                            + v.port() + " on controller " + v.controller() + " is already occupied");
                }
                controllers.add(v.controller());
            }
        }
        for (int n = 0; n < consoles.size(); n++) {
            CharDevice c = consoles.get(n);
            if (isVirtio(c) && c.address() == null) {
                int port = 0;
                while (used.contains("0:0:" + port)) {
                    port++;
                }
                used.add("0:0:" + port);
                controllers.add(0);
                consoles.set(n, c.withInfo(c.info().withAddress(new DeviceAddress.VirtioSerial(0, 0, port))));
            }
        }
        List<ControllerDevice> ctrls = new ArrayList<>(def.devices().controllers());
        for (int index : controllers) {
            if (ctrls.stream().noneMatch(c -> c.type().equals("virtio-serial") && c.index() == index)) {
                ctrls.add(new ControllerDevice("virtio-serial", index, null, DeviceInfo.NONE));
            }
        }
        ctrls.sort(QemuPciAddresses.CONTROLLER_ORDER);
        return def.withDevices(def.devices().toBuilder().consoles(consoles).controllers(ctrls).build());
    }
}
