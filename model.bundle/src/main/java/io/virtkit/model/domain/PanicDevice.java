package io.virtkit.model.domain;

/**
 * A {@code <panic>}: a device the guest reports a kernel panic through.
 *
 * @param model {@code isa}, {@code pseries}, {@code hyperv}, {@code s390} or {@code pvpanic}; {@code null} when
 *              not given (the hypervisor's default)
 * @param info  alias and address (an ISA panic's port)
 */
public record PanicDevice(String model, DeviceInfo info) {

    public PanicDevice {
        info = DeviceInfo.orNone(info);
    }

    /** A copy with another alias and address. */
    public PanicDevice withInfo(DeviceInfo newInfo) {
        return new PanicDevice(model, newInfo);
    }
}
