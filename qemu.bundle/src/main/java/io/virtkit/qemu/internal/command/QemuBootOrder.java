package io.virtkit.qemu.internal.command;

import java.util.IdentityHashMap;
import java.util.Map;

import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.RedirDevice;

/**
 * libvirt's boot order: each {@code <boot dev>} gives the next bootindex to the first device of its kind;
 * {@code -boot strict=on} then keeps the firmware to that list.
 */
final class QemuBootOrder {

    /** Boot indexes keyed by device identity (records of equal value are still two devices). */
    private final Map<Object, Integer> bootIndex = new IdentityHashMap<>();

    QemuBootOrder(DomainDefinition def) {
        // a device's own <boot order> (libvirt allows it only without <os><boot dev>)
        for (DiskDevice disk : def.devices().disks()) {
            if (disk.bootOrder() != null) {
                bootIndex.put(disk, disk.bootOrder());
            }
        }
        for (RedirDevice redir : def.devices().redirdevs()) {
            if (redir.bootOrder() != null) {
                bootIndex.put(redir, redir.bootOrder());
            }
        }
        for (InterfaceDevice nic : def.devices().interfaces()) {
            if (nic.settings().bootOrder() != null) {
                bootIndex.put(nic, nic.settings().bootOrder());
            }
        }
        int next = 1;
        for (String dev : def.os().bootDevices()) {
            Object first = switch (dev) {
                case "hd" -> firstDisk(def, DiskDevice.Device.DISK);
                case "cdrom" -> firstDisk(def, DiskDevice.Device.CDROM);
                case "fd" -> firstDisk(def, DiskDevice.Device.FLOPPY);
                case "network" -> def.devices().interfaces().isEmpty() ? null : def.devices().interfaces().get(0);
                default -> null;
            };
            if (first != null && !bootIndex.containsKey(first)) {
                bootIndex.put(first, next++);
            }
        }
    }

    private static DiskDevice firstDisk(DomainDefinition def, DiskDevice.Device kind) {
        return def.devices().disks().stream().filter(d -> d.device() == kind).findFirst().orElse(null);
    }

    /** The device's boot index, or null. */
    Integer of(Object device) {
        return bootIndex.get(device);
    }

    /** {@code ,bootindex=N} for a device with one, else nothing. */
    String suffix(Object device) {
        Integer index = bootIndex.get(device);
        return index == null ? "" : ",bootindex=" + index;
    }
}
