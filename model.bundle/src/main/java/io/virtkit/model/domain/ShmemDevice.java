package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <shmem>}: host memory shared between guests (ivshmem).
 *
 * @param name        the shared memory's name
 * @param role        {@code master} or {@code peer}, or {@code null}
 * @param modelType   {@code ivshmem}, {@code ivshmem-plain} or {@code ivshmem-doorbell}, or {@code null}
 * @param sizeKiB     the size in KiB, or {@code null}
 * @param serverPath  the ivshmem server's socket, or {@code null}
 * @param msi         whether {@code <msi>} is given
 * @param msiVectors  {@code <msi vectors>}, or {@code null}
 * @param msiIoeventfd {@code <msi ioeventfd>} ({@code on}/{@code off}), or {@code null}
 * @param info        alias and address
 */
public record ShmemDevice(String name, String role, String modelType, Long sizeKiB, String serverPath, boolean msi,
        Integer msiVectors, String msiIoeventfd, DeviceInfo info) {

    public ShmemDevice {
        Objects.requireNonNull(name, "name");
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public ShmemDevice withInfo(DeviceInfo newInfo) {
        return new ShmemDevice(name, role, modelType, sizeKiB, serverPath, msi, msiVectors, msiIoeventfd, newInfo);
    }
}
