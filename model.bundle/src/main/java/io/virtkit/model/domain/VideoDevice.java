package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <video>} adapter. Sizes are in KiB as libvirt writes them; each optional value is {@code null}
 * when not set.
 *
 * @param model        the model type ({@code vga}, {@code cirrus}, {@code vmvga}, {@code xen}, {@code vbox},
 *                     {@code qxl}, {@code virtio}, {@code gop}, {@code none}, {@code bochs}, {@code ramfb})
 * @param ram          qxl's primary bar size
 * @param vram         the video memory
 * @param vram64       qxl's 64-bit bar size
 * @param vgamem       qxl's VGA memory
 * @param heads        the number of screens
 * @param primary      whether this is the primary adapter
 * @param acceleration the {@code <acceleration>} child, or {@code null}
 * @param resolutionX  the {@code <resolution x>}, or {@code null}
 * @param resolutionY  the {@code <resolution y>}, or {@code null}
 * @param driverName   the {@code <driver name>} ({@code qemu}, {@code vhostuser}), or {@code null}
 * @param vgaconf      the {@code <driver vgaconf>} ({@code io}, {@code on}, {@code off}), or {@code null}
 * @param virtio       the driver's virtio options
 * @param info         alias and address
 */
public record VideoDevice(String model, Integer ram, Integer vram, Integer vram64, Integer vgamem, Integer heads,
        Boolean primary, Acceleration acceleration, Integer resolutionX, Integer resolutionY, String driverName,
        String vgaconf, VirtioOptions virtio, DeviceInfo info) {

    public VideoDevice {
        Objects.requireNonNull(model, "model");
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
        info = DeviceInfo.orNone(info);
    }

    /** A video adapter of this model with nothing else set. */
    public static VideoDevice of(String model) {
        return new VideoDevice(model, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The {@code <acceleration>} of a video model; each {@code null} when not set.
     *
     * @param accel3d    3D acceleration
     * @param accel2d    2D acceleration
     * @param rendernode the DRM render node
     */
    public record Acceleration(Boolean accel3d, Boolean accel2d, String rendernode) {
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** A copy with another alias and address. */
    public VideoDevice withInfo(DeviceInfo newInfo) {
        return new VideoDevice(model, ram, vram, vram64, vgamem, heads, primary, acceleration, resolutionX,
                resolutionY, driverName, vgaconf, virtio, newInfo);
    }
}
