package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <controller>}: a bus the guest's devices sit on (libvirt's controller def). A driver's post-parse
 * step adds the ones its devices need (a PCI bridge, PCIe root ports, a SCSI or SATA controller) so that
 * they, and the devices behind them, keep their place in the guest.
 *
 * @param type  the controller type ({@code pci}, {@code ide}, {@code sata}, {@code scsi}, {@code virtio-serial} …)
 * @param index the index among controllers of the type (a PCI controller's index is its bus number)
 * @param model the model ({@code pci-root}, {@code pci-bridge}, {@code pcie-root-port}, {@code virtio-scsi} …),
 *              or {@code null}
 * @param info  alias and address ({@link DeviceInfo#NONE} when unassigned; {@code null} reads as that)
 * @param settings ports, vectors, model name, target, driver, master, 64-bit hole
 *              ({@link ControllerSettings#NONE} for none; {@code null} reads as that)
 */
public record ControllerDevice(String type, int index, String model, DeviceInfo info, ControllerSettings settings) {

    public ControllerDevice {
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
        settings = ControllerSettings.orNone(settings);
    }

    /** A controller without settings (the form before they were modelled). */
    public ControllerDevice(String type, int index, String model, DeviceInfo info) {
        this(type, index, model, info, ControllerSettings.NONE);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }

    /** The address, or {@code null}. */
    public DeviceAddress address() {
        return info.address();
    }

    /** A copy with another alias and address. */
    public ControllerDevice withInfo(DeviceInfo newInfo) {
        return new ControllerDevice(type, index, model, newInfo, settings);
    }
}
