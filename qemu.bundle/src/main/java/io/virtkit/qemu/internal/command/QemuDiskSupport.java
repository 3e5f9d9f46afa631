package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DiskDriver;
import io.virtkit.model.domain.DiskSourceSettings;

/**
 * What of a {@code <disk>} the QEMU driver refuses at start: storage it does not open (network, dir, vhost
 * sources, volumes the start did not resolve to their files first; explicit backing chains), and settings it does not honour yet (throttling, IOThreads, transient
 * overlays, copy-on-read, pausing on I/O errors, LUN passthrough). Each refusal is libvirt's "unsupported
 * configuration", naming the disk. What passes is put on the command line by {@link QemuDiskArgs}.
 */
final class QemuDiskSupport {

    private QemuDiskSupport() {
    }

    static void check(QemuArgv a) {
        for (DiskDevice disk : a.def.devices().disks()) {
            check(disk);
        }
    }

    static void check(DiskDevice disk) {
        String dev = disk.targetDev();
        if (disk.type() != DiskDevice.Type.FILE && disk.type() != DiskDevice.Type.BLOCK) {
            throw unsupported("disk type '" + disk.type().xmlName() + "' of disk '" + dev
                    + "' is not supported by the QEMU driver");
        }
        if (disk.device() == DiskDevice.Device.LUN) {
            throw unsupported("disk device 'lun' of disk '" + dev + "' is not supported by the QEMU driver");
        }
        if (disk.sourceDetail() != null && disk.sourceDetail().startupPolicy() != null
                && !disk.sourceDetail().startupPolicy().equals("mandatory")) {
            throw unsupported("startupPolicy '" + disk.sourceDetail().startupPolicy() + "' of disk '" + dev
                    + "' is not supported by the QEMU driver");
        }
        if (disk.backingStore() != null && !(disk.backingStore().isEnd() && "raw".equals(format(disk)))) {
            throw unsupported("a backing chain given in the XML of disk '" + dev
                    + "' is not supported by the QEMU driver (QEMU reads it from the image)");
        }
        if (disk.ioTune() != null) {
            throw unsupported("I/O throttling (iotune) of disk '" + dev + "' is not supported by the QEMU driver");
        }
        if (disk.transientDisk()) {
            throw unsupported("transient disk '" + dev + "' is not supported by the QEMU driver");
        }
        if (disk.bootLoadParm() != null) {
            throw unsupported("'loadparm' is supported only with the s390 ccw machine");
        }
        if (disk.tray() != null && disk.tray().equals("open")) {
            throw unsupported("an open tray of disk '" + dev + "' at start is not supported by the QEMU driver");
        }
        if (disk.rawio() != null || disk.sgio() != null) {
            throw unsupported("rawio and sgio apply only to disk device 'lun'");
        }
        if (disk.address() != null && !(disk.address() instanceof io.virtkit.model.domain.DeviceAddress.Pci)
                && !(disk.address() instanceof io.virtkit.model.domain.DeviceAddress.Drive)) {
            throw unsupported("address type '" + disk.address().type() + "' of disk '" + dev
                    + "' is not supported by the QEMU driver");
        }
        checkDriver(disk, disk.driver());
        checkGuestSide(disk);
        checkSourceSettings(disk);
    }

    /**
     * The source's extras, disk-level encryption and a backend domain: none is put on the command line yet, so
     * each is refused by name rather than run without (an image left encrypted, a label not applied).
     */
    private static void checkSourceSettings(DiskDevice disk) {
        String what = null;
        DiskSourceSettings s = disk.sourceDetail() == null ? DiskSourceSettings.NONE : disk.sourceDetail().settings();
        if (disk.encryption() != null || s.encryption() != null) {
            what = "encryption";
        } else if (s.fdgroup() != null) {
            what = "source fdgroup";
        } else if (s.slice() != null) {
            what = "storage slice";
        } else if (s.seclabels().stream().anyMatch(l -> l.label() != null)) {
            // relabel='no' is honoured as it is: this driver relabels no image; a label to apply is not
            what = "per-image seclabel label";
        } else if (s.reservations() != null) {
            what = "persistent reservations";
        } else if (!s.withoutSeclabels().isNone()) {
            what = "source settings";
        } else if (disk.backendDomain() != null) {
            what = "backenddomain";
        }
        if (what != null) {
            throw unsupported(what + " of disk '" + disk.targetDev() + "' is not supported by the QEMU driver");
        }
        // the qcow2 format node's cache-size: nothing else has a metadata cache to bound
        if (disk.driver().metadataCacheMaxSize() != null && !"qcow2".equals(format(disk))) {
            throw unsupported("'metadata_cache' of disk '" + disk.targetDev() + "' needs image format 'qcow2'");
        }
    }

    private static void checkDriver(DiskDevice disk, DiskDriver d) {
        String dev = disk.targetDev();
        if (d.iothread() != null) {
            throw unsupported("IOThread of disk '" + dev + "' is not supported by the QEMU driver");
        }
        if (Boolean.TRUE.equals(d.copyOnRead())) {
            throw unsupported("copy_on_read of disk '" + dev + "' is not supported by the QEMU driver");
        }
        if ("stop".equals(d.errorPolicy()) || "enospace".equals(d.errorPolicy()) || "stop".equals(d.rerrorPolicy())) {
            throw unsupported("error policy 'stop' or 'enospace' of disk '" + dev
                    + "' is not supported by the QEMU driver (it does not pause on I/O errors)");
        }
        if ("native".equals(d.io()) && !("none".equals(d.cache()) || "directsync".equals(d.cache()))) {
            throw unsupported("native I/O of disk '" + dev + "' needs cache mode 'none' or 'directsync'");
        }
        boolean virtio = "virtio".equals(QemuDriveAddresses.busOf(disk));
        if (!virtio && (d.queues() != null || d.queueSize() != null || d.ioeventfd() != null || d.eventIdx() != null
                || d.iommu() != null || d.ats() != null || d.packed() != null || d.pagePerVq() != null)) {
            throw unsupported("virtio options of disk '" + dev + "' need bus 'virtio'");
        }
    }

    private static void checkGuestSide(DiskDevice disk) {
        String dev = disk.targetDev();
        String bus = QemuDriveAddresses.busOf(disk);
        boolean cdrom = disk.device() == DiskDevice.Device.CDROM;
        if (disk.model() != null && !bus.equals("virtio")) {
            throw unsupported("disk model '" + disk.model() + "' of disk '" + dev + "' needs bus 'virtio'");
        }
        if ((disk.vendor() != null || disk.product() != null) && !bus.equals("scsi")) {
            throw unsupported("Only scsi disk supports vendor and product");
        }
        if (disk.wwn() != null && !(bus.equals("scsi") || bus.equals("ide") || bus.equals("sata"))) {
            throw unsupported("Only ide and scsi disk support wwn");
        }
        if (disk.removable() != null && !bus.equals("scsi")) {
            throw unsupported("removable of disk '" + dev + "' is supported by the QEMU driver on bus 'scsi' only");
        }
        if (disk.rotationRate() != null && (bus.equals("virtio") || cdrom)) {
            throw unsupported("rotation rate of disk '" + dev + "' needs an IDE, SATA or SCSI hard disk");
        }
        if (disk.geometry().translation() != null && !(bus.equals("ide") || bus.equals("sata"))) {
            throw unsupported("BIOS translation of disk '" + dev + "' needs bus 'ide' or 'sata'");
        }
        if (disk.geometry().hasGeometry() && cdrom) {
            throw unsupported("geometry of CD-ROM '" + dev + "' is not supported");
        }
    }

    static String format(DiskDevice disk) {
        return disk.driverType() == null ? "raw" : disk.driverType();
    }
}
