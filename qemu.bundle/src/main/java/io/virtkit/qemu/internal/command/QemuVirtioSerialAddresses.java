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
 * Virtio-serial addresses of virtio consoles (libvirt's {@code virDomainVirtioSerialAddrAutoAssign}): each virtio
 * console and channel on controller 0, bus 0, at the lowest free port (consoles from port 0, channels from 1),
 * and the {@code virtio-serial} controller they name; an address given is honoured, one used twice refused.
 */
final class QemuVirtioSerialAddresses {

    private QemuVirtioSerialAddresses() {
    }

    static boolean isVirtio(CharDevice console) {
        return "virtio".equals(console.targetType());
    }

    /** Whether {@code channel} sits on a virtio-serial port (its target type is {@code virtio}). */
    static boolean isVirtioChannel(CharDevice channel) {
        return "virtio".equals(channel.targetType());
    }

    static DomainDefinition assign(DomainDefinition def) {
        List<CharDevice> consoles = new ArrayList<>(def.devices().consoles());
        List<CharDevice> channels = new ArrayList<>(def.devices().auxiliary().channels());
        if (consoles.stream().noneMatch(QemuVirtioSerialAddresses::isVirtio)
                && channels.stream().noneMatch(QemuVirtioSerialAddresses::isVirtioChannel)) {
            return def;
        }
        Set<String> used = new HashSet<>();
        Set<Integer> controllers = new HashSet<>();
        List<CharDevice> all = new ArrayList<>(consoles.stream().filter(QemuVirtioSerialAddresses::isVirtio).toList());
        all.addAll(channels.stream().filter(QemuVirtioSerialAddresses::isVirtioChannel).toList());
        for (CharDevice c : all) {
            if (c.address() instanceof DeviceAddress.VirtioSerial v) {
                if (!used.add(v.controller() + ":" + v.bus() + ":" + v.port())) {
                    throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "virtio serial port "
                            + v.port() + " on controller " + v.controller() + " is already occupied");
                }
                controllers.add(v.controller());
            }
        }
        place(consoles, QemuVirtioSerialAddresses::isVirtio, 0, used, controllers);
        // as libvirt: port 0 is kept for a console, channels start at 1
        place(channels, QemuVirtioSerialAddresses::isVirtioChannel, 1, used, controllers);
        List<ControllerDevice> ctrls = new ArrayList<>(def.devices().controllers());
        for (int index : controllers) {
            if (ctrls.stream().noneMatch(c -> c.type().equals("virtio-serial") && c.index() == index)) {
                ctrls.add(new ControllerDevice("virtio-serial", index, null, DeviceInfo.NONE));
            }
        }
        ctrls.sort(QemuPciAddresses.CONTROLLER_ORDER);
        return def.withDevices(def.devices().toBuilder().consoles(consoles).controllers(ctrls)
                .auxiliary(def.devices().auxiliary().withChannels(channels)).build());
    }

    private static void place(List<CharDevice> devices, java.util.function.Predicate<CharDevice> virtio, int first,
            Set<String> used, Set<Integer> controllers) {
        for (int n = 0; n < devices.size(); n++) {
            CharDevice c = devices.get(n);
            if (virtio.test(c) && c.address() == null) {
                int port = first;
                while (used.contains("0:0:" + port)) {
                    port++;
                }
                used.add("0:0:" + port);
                controllers.add(0);
                devices.set(n, c.withInfo(c.info().withAddress(new DeviceAddress.VirtioSerial(0, 0, port))));
            }
        }
    }
}
