package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.checkChars;
import static io.virtkit.qemu.internal.command.QemuArgv.escape;
import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import java.util.List;
import java.util.Set;

import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DiskDevice;

/**
 * Disks on the command line: each a storage and a format {@code -blockdev} and a {@code -device} at its
 * address (PCI for virtio, drive for IDE/SATA/SCSI) with its alias as the id; the driver's tuning and the
 * guest-visible settings through {@link QemuDiskTuning}, after {@link QemuDiskSupport} refused the rest.
 */
final class QemuDiskArgs {

    private static final Set<String> DISK_FORMATS = Set.of("raw", "qcow2");

    private QemuDiskArgs() {
    }

    static void add(QemuArgv a) {
        List<DiskDevice> disks = a.def.devices().disks();
        for (int n = 0; n < disks.size(); n++) {
            DiskDevice disk = disks.get(n);
            if (disk.device() == DiskDevice.Device.FLOPPY) {
                throw unsupported("floppy disks are not supported yet by the QEMU driver");
            }
            String bus = QemuDriveAddresses.busOf(disk);
            int index = QemuDriveAddresses.indexOf(disk);
            if (!List.of("virtio", "ide", "sata", "scsi").contains(bus)) {
                throw unsupported("disk bus '" + bus + "' is not supported by the QEMU driver");
            }
            boolean cdrom = disk.device() == DiskDevice.Device.CDROM;
            boolean readonly = disk.readonly() || cdrom;
            if (disk.readonly() && !cdrom && (bus.equals("ide") || bus.equals("sata"))) {
                throw unsupported("readonly ide disks are not supported");
            }
            if (cdrom && bus.equals("virtio")) {
                throw unsupported("disk type of '" + disk.targetDev() + "' does not support ejectable media");
            }
            if (disk.driverName() != null && !disk.driverName().equals("qemu")) {
                throw unsupported("unsupported driver name '" + disk.driverName() + "' for disk '"
                        + disk.targetDev() + "'");
            }
            // libvirt numbers block nodes from the last disk down: the first disk is libvirt-N.
            String drive = disk.source() == null ? null : blockdev(a, disk, "libvirt-" + (disks.size() - n), readonly);
            StringBuilder dev = new StringBuilder();
            if (bus.equals("virtio")) {
                dev.append(QemuDiskTuning.virtioDevice(disk)).append(a.slots.of(disk.info(), a));
            } else {
                DeviceAddress.Drive at = disk.address() instanceof DeviceAddress.Drive d ? d
                        : QemuDriveAddresses.defaultAddress(bus, index);
                dev.append(driveDevice(a, disk, bus, cdrom, at));
            }
            if (drive != null) {
                dev.append(",drive=").append(drive);
            }
            String id = disk.alias() != null ? disk.alias() : QemuDeviceAliases.diskAlias(disk);
            dev.append(",id=").append(escape(id)).append(a.boot.suffix(disk));
            QemuDiskTuning.deviceProperties(dev, disk, bus, cdrom);
            a.add("-device", dev.toString());
        }
    }

    /** The QEMU device and bus of a disk at drive address {@code at}, checked against the machine's buses. */
    private static String driveDevice(QemuArgv a, DiskDevice disk, String bus, boolean cdrom, DeviceAddress.Drive at) {
        String kind = cdrom ? "ide-cd" : "ide-hd";
        switch (bus) {
            case "ide" -> {
                if (a.q35) {
                    throw unsupported("IDE controllers are unsupported for this QEMU binary or machine type");
                }
                if (at.controller() != 0 || at.bus() > 1 || at.target() != 0 || at.unit() > 1) {
                    throw unsupported("disk '" + disk.targetDev() + "' is beyond the two IDE buses of machine 'pc'");
                }
                return kind + ",bus=ide." + at.bus() + ",unit=" + at.unit();
            }
            case "sata" -> {
                if (at.controller() != 0 || at.bus() != 0 || at.target() != 0 || at.unit() > 5) {
                    throw unsupported("disk '" + disk.targetDev() + "' is beyond the six ports of the SATA controller");
                }
                return kind + ",bus=" + (a.q35 ? "ide." : "sata0.") + at.unit();
            }
            case "scsi" -> {
                return (cdrom ? "scsi-cd" : "scsi-hd") + ",bus=scsi" + at.controller() + ".0,channel=" + at.bus()
                        + ",scsi-id=" + at.target() + ",lun=" + at.unit();
            }
            default -> throw new IllegalStateException(bus);
        }
    }

    /** The storage node and the format node of a disk; returns the format node's name. */
    private static String blockdev(QemuArgv a, DiskDevice disk, String node, boolean readonly) {
        checkChars("disk source", disk.source());
        String format = disk.driverType() == null ? "raw" : disk.driverType();
        if (!DISK_FORMATS.contains(format)) {
            throw unsupported("disk format '" + format + "' of disk '" + disk.targetDev()
                    + "' is not supported by the QEMU driver");
        }
        String protocol = disk.type() == DiskDevice.Type.FILE ? "file"
                : disk.device() == DiskDevice.Device.CDROM ? "host_cdrom" : "host_device";
        String ro = readonly ? "on" : "off";
        a.add("-blockdev", "driver=" + protocol + ",filename=" + escape(disk.source())
                + ",node-name=" + node + "-storage,read-only=" + ro + QemuDiskTuning.storageNode(disk.driver()));
        a.add("-blockdev", "node-name=" + node + "-format,read-only=" + ro + ",driver=" + format
                + ",file=" + node + "-storage" + QemuDiskTuning.formatNode(disk.driver())
                + (disk.driver().metadataCacheMaxSize() == null ? ""
                        : ",cache-size=" + disk.driver().metadataCacheMaxSize()));
        return node + "-format";
    }
}
