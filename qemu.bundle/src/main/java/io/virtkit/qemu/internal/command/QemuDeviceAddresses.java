package io.virtkit.qemu.internal.command;

import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;

/**
 * Every device's address, as libvirt's post-parse gives them ({@code qemuDomainAssignAddresses}): drive
 * addresses for IDE/SATA/SCSI disks and the controllers they name ({@link QemuDriveAddresses}), virtio-serial
 * ports for virtio consoles and their controller ({@link QemuVirtioSerialAddresses}), then PCI
 * addresses for every PCI device, TAP NICs behind the bridge or root ports added for them
 * ({@link QemuPciAddresses}). An address given is honoured; one used twice is refused. Idempotent: a
 * definition assigned once comes back unchanged.
 */
public final class QemuDeviceAddresses {

    private QemuDeviceAddresses() {
    }

    /**
     * {@code def} with every address this driver gives.
     *
     * @throws VirtException XML_ERROR for two devices on one address or an address on a bus there is not
     */
    public static DomainDefinition assign(DomainDefinition def) {
        return QemuPciAddresses.assign(QemuVirtioSerialAddresses.assign(QemuDriveAddresses.assign(def)));
    }

    /**
     * As {@link #assign}, for a definition that is already the domain's (read back at load, or started): one
     * saved before addresses existed gets them now; one whose addresses cannot be assigned is left as it is,
     * and its start fails where the command line or QEMU refuses it, as before.
     */
    public static DomainDefinition assignKnown(DomainDefinition def) {
        try {
            return assign(def);
        } catch (VirtException e) {
            return def;
        }
    }
}
