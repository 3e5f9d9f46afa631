package io.virtkit.model.domain;

/**
 * The {@code <vsock>}: a virtio socket between host and guest.
 *
 * @param model   {@code virtio} (and its transitional forms), or {@code null}
 * @param cidAuto {@code <cid auto>} ({@code yes}/{@code no}), or {@code null}
 * @param cid     {@code <cid address>}: the guest's context id, or {@code null}
 * @param info    alias and address
 */
public record VsockDevice(String model, String cidAuto, Integer cid, DeviceInfo info) {

    public VsockDevice {
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public VsockDevice withInfo(DeviceInfo newInfo) {
        return new VsockDevice(model, cidAuto, cid, newInfo);
    }
}
