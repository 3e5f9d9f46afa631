package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DeviceInfo;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;

/**
 * Drive addresses of IDE, SATA and SCSI disks (libvirt's {@code virDomainDiskDefAssignAddress}) and the
 * controllers they sit on: the address follows from the target name ({@code sdb} is unit 1), is kept in the
 * definition from then on, and an address given is honoured; two disks on one address are refused.
 */
final class QemuDriveAddresses {

    private static final Pattern DISK_TARGET = Pattern.compile("(hd|sd|vd|xvd|fd)([a-z]+)");

    private QemuDriveAddresses() {
    }

    /** The disk's bus: its {@code <target bus>}, else what its target name implies (hd: ide, sd: scsi …). */
    static String busOf(DiskDevice disk) {
        if (disk.targetBus() != null) {
            return disk.targetBus();
        }
        String dev = disk.targetDev();
        return dev.startsWith("hd") ? "ide" : dev.startsWith("sd") ? "scsi" : dev.startsWith("vd") ? "virtio"
                : dev.startsWith("fd") ? "fdc" : "xen";
    }

    /** The disk's index from its target name ({@code vda} 0, {@code sdb} 1, {@code hdaa} 26). */
    static int indexOf(DiskDevice disk) {
        var m = DISK_TARGET.matcher(disk.targetDev());
        if (!m.matches()) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                    "cannot convert disk '" + disk.targetDev() + "' to bus/device index");
        }
        int index = -1;
        for (char c : m.group(2).toCharArray()) {
            index = (index + 1) * 26 + (c - 'a');
        }
        return index;
    }

    /** libvirt's drive address for disk {@code index} on {@code bus}. */
    static DeviceAddress.Drive defaultAddress(String bus, int index) {
        return switch (bus) {
            case "ide" -> new DeviceAddress.Drive(index / 4, index % 4 / 2, 0, index % 2);
            case "sata" -> new DeviceAddress.Drive(index / 6, 0, 0, index % 6);
            case "scsi" -> new DeviceAddress.Drive(index / 7, 0, 0, index % 7);
            default -> null;
        };
    }

    /**
     * {@code def} with a drive address for every IDE/SATA/SCSI disk and the controllers they name (a
     * virtio-scsi controller per SCSI controller index; SATA and IDE controller 0, built into q35 and pc).
     *
     * @throws VirtException XML_ERROR for two disks on one drive address
     */
    static DomainDefinition assign(DomainDefinition def) {
        List<DiskDevice> disks = new ArrayList<>(def.devices().disks());
        Map<String, String> used = new HashMap<>();
        Map<String, TreeSet<Integer>> controllers = new HashMap<>();
        boolean changed = false;
        for (int n = 0; n < disks.size(); n++) {
            DiskDevice disk = disks.get(n);
            String bus = busOf(disk);
            if (!bus.equals("ide") && !bus.equals("sata") && !bus.equals("scsi")) {
                continue;
            }
            if (!(disk.address() instanceof DeviceAddress.Drive)) {
                if (disk.address() != null) {
                    continue; // another kind of address: the command line refuses what it cannot place
                }
                disk = disk.withInfo(disk.info().withAddress(defaultAddress(bus, indexOf(disk))));
                disks.set(n, disk);
                changed = true;
            }
            DeviceAddress.Drive at = (DeviceAddress.Drive) disk.address();
            String key = bus + "/" + at.controller() + "/" + at.bus() + "/" + at.target() + "/" + at.unit();
            if (used.put(key, disk.targetDev()) != null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "Found duplicate drive address for "
                        + "disk with target name '" + disk.targetDev() + "' controller='" + at.controller()
                        + "' bus='" + at.bus() + "' target='" + at.target() + "' unit='" + at.unit() + "'");
            }
            controllers.computeIfAbsent(bus, b -> new TreeSet<>()).add(at.controller());
        }
        List<ControllerDevice> ctrls = new ArrayList<>(def.devices().controllers());
        for (var e : controllers.entrySet()) {
            for (int index : e.getValue()) {
                if (ctrls.stream().noneMatch(c -> c.type().equals(e.getKey()) && c.index() == index)) {
                    ctrls.add(new ControllerDevice(e.getKey(), index, e.getKey().equals("scsi") ? "virtio-scsi" : null,
                            DeviceInfo.NONE));
                    changed = true;
                }
            }
        }
        if (!changed) {
            return def;
        }
        ctrls.sort(QemuPciAddresses.CONTROLLER_ORDER);
        return def.withDevices(def.devices().toBuilder().disks(disks).controllers(ctrls).build());
    }
}
