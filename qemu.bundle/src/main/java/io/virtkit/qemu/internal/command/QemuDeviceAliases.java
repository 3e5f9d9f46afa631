package io.virtkit.qemu.internal.command;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainDevices;
import io.virtkit.model.domain.FilesystemDevice;
import io.virtkit.model.domain.HubDevice;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.RedirDevice;

/**
 * Device aliases (libvirt's {@code qemuAssignDeviceAliases}), given at start: {@code virtio-disk0},
 * {@code ide0-0-0}, {@code sata0-0-1}, {@code scsi0-0-0-2}, {@code net0}, {@code serial0} (also the first
 * console, which is that serial port), {@code console1}, {@code fs0}, {@code pci.1}, {@code scsi0}, {@code hub0},
 * {@code redir0} … A user
 * alias ({@code ua-…}) and an alias the device already has (a live device) are kept. The alias is the
 * device's id in QEMU, so hot-unplug and a restarted driver find the device by it, never by its position.
 */
public final class QemuDeviceAliases {

    private QemuDeviceAliases() {
    }

    /** {@code def} with an alias on every device that has none. */
    public static DomainDefinition assign(DomainDefinition def) {
        boolean q35 = QemuMachineBuses.isQ35(def.os().machine());
        DomainDevices dev = def.devices();
        List<DiskDevice> disks = new ArrayList<>(dev.disks());
        disks.replaceAll(d -> d.alias() != null ? d : d.withInfo(d.info().withAlias(diskAlias(d))));
        List<ControllerDevice> ctrls = new ArrayList<>(dev.controllers());
        ctrls.replaceAll(c -> c.alias() != null ? c : c.withInfo(c.info().withAlias(controllerAlias(c, q35))));
        List<FilesystemDevice> fss = new ArrayList<>(dev.filesystems());
        for (int n = 0; n < fss.size(); n++) {
            FilesystemDevice f = fss.get(n);
            fss.set(n, f.alias() != null ? f : f.withInfo(f.info().withAlias("fs" + n)));
        }
        List<InterfaceDevice> nics = new ArrayList<>(dev.interfaces());
        for (int n = 0; n < nics.size(); n++) {
            InterfaceDevice i = nics.get(n);
            if (i.alias() == null) {
                nics.set(n, i.withInfo(i.info().withAlias(nextNicAlias(nics))));
            }
        }
        List<CharDevice> serials = new ArrayList<>(dev.serials());
        serials.replaceAll(s -> s.alias() != null ? s : s.withInfo(s.info().withAlias(
                "serial" + (s.targetPort() == null ? 0 : s.targetPort()))));
        List<CharDevice> consoles = new ArrayList<>(dev.consoles());
        for (int n = 0; n < consoles.size(); n++) {
            CharDevice c = consoles.get(n);
            boolean serial0 = n == 0 && "serial".equals(c.targetType()) && !serials.isEmpty();
            if (serial0) {
                consoles.set(0, c.withInfo(serials.get(0).info())); // the same device under another name
            } else if (c.alias() == null) {
                consoles.set(n, c.withInfo(c.info().withAlias("console" + n)));
            }
        }
        // USB hubs and redirected USB devices: hubN and redirN by position, the ids QemuUsbDeviceArgs gives them
        List<HubDevice> hubs = new ArrayList<>(dev.hubs());
        for (int n = 0; n < hubs.size(); n++) {
            HubDevice h = hubs.get(n);
            hubs.set(n, h.alias() != null ? h : new HubDevice(h.type(), h.info().withAlias("hub" + n)));
        }
        List<RedirDevice> redirs = new ArrayList<>(dev.redirdevs());
        for (int n = 0; n < redirs.size(); n++) {
            RedirDevice r = redirs.get(n);
            redirs.set(n, r.alias() != null ? r : r.withInfo(r.info().withAlias("redir" + n)));
        }
        DomainDevices out = dev.toBuilder().disks(disks).controllers(ctrls).filesystems(fss).interfaces(nics)
                .serials(serials).consoles(consoles).hubs(hubs).redirdevs(redirs)
                .auxiliary(QemuAuxiliaryDevices.withAliases(dev.auxiliary())).build();
        return out.equals(dev) ? def : def.withDevices(out);
    }

    /**
     * The lowest {@code netN} no interface of {@code nics} has: the alias of a NIC added to them. (libvirt
     * takes one past the highest; the lowest free keeps the ids of a long-running guest small, and either is
     * stable since the alias is recorded.)
     */
    public static String nextNicAlias(List<InterfaceDevice> nics) {
        Set<String> used = new java.util.HashSet<>();
        nics.forEach(i -> used.add(i.alias()));
        int n = 0;
        while (used.contains("net" + n)) {
            n++;
        }
        return "net" + n;
    }

    /** A disk's alias from its drive address (or the address its target name implies), as libvirt names it. */
    static String diskAlias(DiskDevice disk) {
        String bus = QemuDriveAddresses.busOf(disk);
        int index = QemuDriveAddresses.indexOf(disk);
        DeviceAddress.Drive at = disk.address() instanceof DeviceAddress.Drive d ? d
                : QemuDriveAddresses.defaultAddress(bus, index);
        return switch (bus) {
            case "ide", "sata" -> bus + at.controller() + "-" + at.bus() + "-" + at.unit();
            case "scsi" -> "scsi" + at.controller() + "-" + at.bus() + "-" + at.target() + "-" + at.unit();
            case "virtio" -> "virtio-disk" + index;
            default -> bus + "-disk" + index;
        };
    }

    /** A controller's alias: {@code pci.N} (q35's root {@code pcie.0}), {@code ide}, {@code sata0}, {@code scsi0},
     * {@code usb} (then {@code usb1} …). */
    static String controllerAlias(ControllerDevice c, boolean q35) {
        return switch (c.type()) {
            case "pci" -> c.index() == 0 && q35 ? "pcie.0" : "pci." + c.index();
            case "ide" -> "ide";
            case "usb" -> c.index() == 0 ? "usb" : "usb" + c.index();
            default -> c.type() + c.index();
        };
    }

    /**
     * A live definition read back from a status file with its recorded aliases; one written before aliases
     * were recorded there gets {@code netN} from the MAC-to-alias records it kept, then the start-time ones.
     */
    public static DomainDefinition restore(DomainDefinition live, Map<String, String> nicAliases) {
        if (!nicAliases.isEmpty()) {
            List<InterfaceDevice> nics = new ArrayList<>(live.devices().interfaces());
            nics.replaceAll(i -> i.alias() == null && nicAliases.containsKey(i.mac())
                    ? i.withInfo(i.info().withAlias(nicAliases.get(i.mac()))) : i);
            live = live.withDevices(live.devices().toBuilder().interfaces(nics).build());
        }
        return assign(live);
    }
}
