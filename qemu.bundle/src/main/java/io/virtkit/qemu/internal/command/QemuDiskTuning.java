package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.escape;

import io.virtkit.model.domain.DiskDevice;
import io.virtkit.model.domain.DiskDriver;
import io.virtkit.model.domain.DiskGeometry;

/**
 * A disk's {@code <driver>} tuning and guest-visible settings as QEMU options, as libvirt maps them: the cache
 * mode is {@code cache.direct}/{@code cache.no-flush} on both block nodes and {@code write-cache} on the device;
 * {@code io} is the storage node's {@code aio}; {@code discard} goes on both nodes, {@code detect_zeroes} on the
 * format node ({@code unmap} only with {@code discard='unmap'}, else {@code on}, as libvirt downgrades it).
 */
final class QemuDiskTuning {

    private QemuDiskTuning() {
    }

    /** {@code cache.direct} and {@code cache.no-flush} for a cache mode, empty for the default. */
    private static String cache(String mode) {
        if (mode == null || mode.equals("default")) {
            return "";
        }
        boolean direct = mode.equals("none") || mode.equals("directsync");
        boolean noFlush = mode.equals("unsafe");
        return ",cache.direct=" + onOff(direct) + ",cache.no-flush=" + onOff(noFlush);
    }

    /** Whether the guest sees a volatile write cache (QEMU's {@code write-cache}), null for the default. */
    private static Boolean writeCache(String mode) {
        if (mode == null || mode.equals("default")) {
            return null;
        }
        return !(mode.equals("writethrough") || mode.equals("directsync"));
    }

    static String storageNode(DiskDriver d) {
        StringBuilder b = new StringBuilder(cache(d.cache()));
        if (d.io() != null) {
            b.append(",aio=").append(d.io());
        }
        if (d.discard() != null) {
            b.append(",discard=").append(d.discard());
        }
        return b.toString();
    }

    static String formatNode(DiskDriver d) {
        StringBuilder b = new StringBuilder(cache(d.cache()));
        if (d.discard() != null) {
            b.append(",discard=").append(d.discard());
        }
        if (d.detectZeroes() != null && !d.detectZeroes().equals("off")) {
            boolean unmap = d.detectZeroes().equals("unmap") && "unmap".equals(d.discard());
            b.append(",detect-zeroes=").append(unmap ? "unmap" : "on");
        }
        return b.toString();
    }

    /** The virtio-blk device of a disk's {@code model}. */
    static String virtioDevice(DiskDevice disk) {
        if (disk.model() == null || disk.model().equals("virtio")) {
            return "virtio-blk-pci";
        }
        return "virtio-blk-pci-" + disk.model().substring("virtio-".length());
    }

    /** Appends the device's properties from the disk's driver and guest-visible settings. */
    static void deviceProperties(StringBuilder dev, DiskDevice disk, String bus, boolean cdrom) {
        DiskDriver d = disk.driver();
        Boolean writeCache = writeCache(d.cache());
        if (writeCache != null && disk.source() != null) {
            dev.append(",write-cache=").append(onOff(writeCache));
        }
        if (d.errorPolicy() != null) {
            dev.append(",werror=").append(d.errorPolicy());
        }
        String rerror = d.rerrorPolicy() != null ? d.rerrorPolicy() : d.errorPolicy();
        if (rerror != null) {
            dev.append(",rerror=").append(rerror);
        }
        if (bus.equals("virtio")) {
            virtio(dev, d);
        }
        if (disk.shareable()) {
            dev.append(",share-rw=on");
        }
        if (disk.serial() != null) {
            dev.append(",serial=").append(escape(disk.serial()));
        }
        if (disk.wwn() != null) {
            dev.append(",wwn=0x").append(escape(disk.wwn()));
        }
        if (disk.vendor() != null) {
            dev.append(",vendor=").append(escape(disk.vendor()));
        }
        if (disk.product() != null) {
            dev.append(",product=").append(escape(disk.product()));
        }
        if (disk.removable() != null) {
            dev.append(",removable=").append(onOff(disk.removable()));
        }
        if (disk.rotationRate() != null) {
            dev.append(",rotation_rate=").append(disk.rotationRate());
        }
        geometry(dev, disk.geometry());
    }

    private static void virtio(StringBuilder dev, DiskDriver d) {
        if (d.queues() != null) {
            dev.append(",num-queues=").append(d.queues());
        }
        if (d.queueSize() != null) {
            dev.append(",queue-size=").append(d.queueSize());
        }
        flag(dev, "ioeventfd", d.ioeventfd());
        flag(dev, "event_idx", d.eventIdx());
        flag(dev, "iommu_platform", d.iommu());
        flag(dev, "ats", d.ats());
        flag(dev, "packed", d.packed());
        flag(dev, "page-per-vq", d.pagePerVq());
    }

    private static void geometry(StringBuilder dev, DiskGeometry g) {
        if (g.hasGeometry()) {
            dev.append(",cyls=").append(g.cylinders()).append(",heads=").append(g.heads()).append(",secs=")
                    .append(g.sectors());
            if (g.translation() != null) {
                dev.append(",bios-chs-trans=").append(g.translation());
            }
        }
        if (g.logicalBlockSize() != null) {
            dev.append(",logical_block_size=").append(g.logicalBlockSize());
        }
        if (g.physicalBlockSize() != null) {
            dev.append(",physical_block_size=").append(g.physicalBlockSize());
        }
        if (g.discardGranularity() != null) {
            dev.append(",discard_granularity=").append(g.discardGranularity());
        }
    }

    private static void flag(StringBuilder dev, String name, Boolean value) {
        if (value != null) {
            dev.append(',').append(name).append('=').append(onOff(value));
        }
    }

    private static String onOff(boolean value) {
        return value ? "on" : "off";
    }
}
