package io.virtkit.qemu.internal.command;

import java.util.List;

import io.virtkit.model.domain.VideoDevice;
import io.virtkit.model.domain.VirtioOptions;

/**
 * Video adapters: the primary in the root bus's kept VGA slot ({@code VGA}, {@code cirrus-vga},
 * {@code qxl-vga}, {@code virtio-vga}), the others ({@code qxl}, {@code virtio-gpu-pci}) in free slots; sizes
 * as libvirt passes them. A display without any {@code <video>} gets a VGA, as before video was modelled.
 */
final class QemuVideoArgs {

    private QemuVideoArgs() {
    }

    /** The primary adapter: the first with {@code primary='yes'}, else the first. */
    static int primaryIndex(List<VideoDevice> videos) {
        for (int n = 0; n < videos.size(); n++) {
            if (Boolean.TRUE.equals(videos.get(n).primary())) {
                return n;
            }
        }
        return 0;
    }

    static void add(QemuArgv a) {
        List<VideoDevice> videos = a.def.devices().videos();
        if (videos.isEmpty()) {
            if (!a.def.devices().graphics().isEmpty()) {
                a.add("-device", "VGA,id=video0" + a.slots.vga());
            }
            return;
        }
        int primary = primaryIndex(videos);
        add(a, videos.get(primary), primary, true);
        for (int n = 0; n < videos.size(); n++) {
            if (n != primary) {
                add(a, videos.get(n), n, false);
            }
        }
    }

    private static void add(QemuArgv a, VideoDevice v, int n, boolean primary) {
        if (v.model().equals("none")) {
            return;
        }
        String id = v.alias() != null ? QemuArgv.escape(v.alias()) : "video" + n;
        StringBuilder dev = new StringBuilder(device(v.model(), primary)).append(",id=").append(id);
        switch (v.model()) {
            case "vga" -> mib(dev, "vgamem_mb", v.vram());
            case "qxl" -> {
                bytes(dev, "ram_size", v.ram());
                bytes(dev, "vram_size", v.vram());
                mib(dev, "vram64_size_mb", v.vram64());
                mib(dev, "vgamem_mb", v.vgamem());
                number(dev, "max_outputs", v.heads());
            }
            case "virtio" -> {
                number(dev, "max_outputs", v.heads());
                virtio(dev, v.virtio());
            }
            default -> {
            }
        }
        number(dev, "xres", v.resolutionX());
        number(dev, "yres", v.resolutionY());
        boolean placed = v.info().address() != null;
        dev.append(primary && !placed ? a.slots.vga() + QemuAddressSupport.acpiIndex(v.info()) : a.slots.of(v.info(), a));
        a.add("-device", dev.toString());
    }

    private static String device(String model, boolean primary) {
        return switch (model) {
            case "vga" -> "VGA";
            case "cirrus" -> "cirrus-vga";
            case "qxl" -> primary ? "qxl-vga" : "qxl";
            case "virtio" -> primary ? "virtio-vga" : "virtio-gpu-pci";
            default -> throw QemuArgv.unsupported("video type '" + model + "' is not supported by the QEMU driver");
        };
    }

    private static void number(StringBuilder dev, String key, Integer value) {
        if (value != null) {
            dev.append(',').append(key).append('=').append(Integer.toUnsignedString(value));
        }
    }

    /** A size in KiB as bytes. */
    private static void bytes(StringBuilder dev, String key, Integer kib) {
        if (kib != null) {
            dev.append(',').append(key).append('=').append(Integer.toUnsignedLong(kib) * 1024);
        }
    }

    /** A size in KiB as MiB. */
    private static void mib(StringBuilder dev, String key, Integer kib) {
        if (kib != null) {
            dev.append(',').append(key).append('=').append(Integer.toUnsignedLong(kib) / 1024);
        }
    }

    /** A virtio device's {@code <driver>} options, QEMU's names. */
    static void virtio(StringBuilder dev, VirtioOptions o) {
        onOff(dev, "iommu_platform", o.iommu());
        onOff(dev, "ats", o.ats());
        onOff(dev, "packed", o.packed());
        onOff(dev, "page-per-vq", o.pagePerVq());
    }

    private static void onOff(StringBuilder dev, String key, Boolean value) {
        if (value != null) {
            dev.append(',').append(key).append('=').append(value ? "on" : "off");
        }
    }
}
