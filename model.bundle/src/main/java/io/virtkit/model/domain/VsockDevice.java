package io.virtkit.model.domain;

/**
 * The {@code <vsock>}: a virtio socket between host and guest.
 *
 * @param model   {@code virtio} (and its transitional forms), or {@code null}
 * @param cidAuto {@code <cid auto>} ({@code yes}/{@code no}), or {@code null}
 * @param cid     {@code <cid address>}: the guest's context id, or {@code null}
 * @param info    alias and address
 * @param virtio  the virtio options of its {@code <driver>} ({@link VirtioOptions#NONE}: none)
 */
public record VsockDevice(String model, String cidAuto, Integer cid, DeviceInfo info, VirtioOptions virtio) {

    public VsockDevice {
        info = DeviceInfo.orNone(info);
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
    }

    /** A vsock without virtio options. */
    public VsockDevice(String model, String cidAuto, Integer cid, DeviceInfo info) {
        this(model, cidAuto, cid, info, VirtioOptions.NONE);
    }

    /** A copy with another alias and address. */
    public VsockDevice withInfo(DeviceInfo newInfo) {
        return new VsockDevice(model, cidAuto, cid, newInfo, virtio);
    }
}
