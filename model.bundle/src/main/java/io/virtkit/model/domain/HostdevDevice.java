package io.virtkit.model.domain;

import java.util.Objects;

/**
 * A {@code <hostdev>}: a host device given to the guest. In {@code subsystem} mode a PCI, USB, SCSI, SCSI host
 * (vhost) or mediated device; in {@code capabilities} mode (containers) a block or character device or a network
 * interface. Absent values are {@code null}.
 *
 * @param mode           {@code subsystem} or {@code capabilities}
 * @param type           {@code pci}, {@code usb}, {@code scsi}, {@code scsi_host}, {@code mdev};
 *                       {@code storage}, {@code misc}, {@code net}
 * @param managed        whether the driver detaches the device from its host driver and back
 * @param model          a mediated device's ({@code vfio-pci} …) or SCSI host's ({@code virtio}) model
 * @param display        whether a mediated device drives a display
 * @param ramfb          whether a mediated device's display has a ramfb
 * @param rawio          whether a SCSI device gets raw I/O capability
 * @param sgio           a SCSI device's SG_IO filtering
 * @param driverName     a PCI device's backend ({@code vfio}, {@code kvm}, {@code xen})
 * @param startupPolicy  what happens when a USB device is missing
 * @param guestReset     which guest resets a USB device sees ({@code off}, {@code uninitialized}, {@code on})
 * @param writeFiltering whether a PCI device's config space writes are filtered ({@code yes}/{@code no})
 * @param pciAddress     a PCI device's host address
 * @param usbVendor      a USB device's vendor id, as written ({@code 0x1234})
 * @param usbProduct     a USB device's product id, as written
 * @param usbBus         a USB device's host bus
 * @param usbDevice      a USB device's host device number
 * @param scsiAdapter    a SCSI device's host adapter ({@code scsi_host0})
 * @param scsiBus        a SCSI device's bus
 * @param scsiTarget     a SCSI device's target
 * @param scsiUnit       a SCSI device's unit
 * @param wwpn           a SCSI host's World Wide Port Name (vhost-scsi)
 * @param mdevUuid       a mediated device's UUID
 * @param capsPath       a capabilities device's host path (block or char device) or interface name
 * @param bootOrder      the device's place in the boot order
 * @param readonly       whether a SCSI device is read-only
 * @param shareable      whether a SCSI device is shared with other domains
 * @param romBar         whether the ROM BAR is visible ({@code on}/{@code off})
 * @param romFile        a file holding the device's ROM
 * @param romEnabled     whether the ROM is loaded at all ({@code yes}/{@code no})
 * @param info           alias and address in the guest ({@link DeviceInfo#NONE} when unassigned)
 * @param bootLoadParm   the s390 boot load parameter ({@code <boot loadparm>}), or {@code null}
 */
public record HostdevDevice(String mode, String type, Boolean managed, String model, Boolean display, Boolean ramfb,
        Boolean rawio, String sgio, String driverName, String startupPolicy, String guestReset,
        Boolean writeFiltering, DeviceAddress.Pci pciAddress, String usbVendor, String usbProduct, Integer usbBus,
        Integer usbDevice, String scsiAdapter, Integer scsiBus, Integer scsiTarget, Long scsiUnit, String wwpn,
        String mdevUuid, String capsPath, Integer bootOrder, boolean readonly, boolean shareable, Boolean romBar,
        String romFile, Boolean romEnabled, DeviceInfo info, String bootLoadParm) {

    public HostdevDevice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
    }

    /** A host device without boot load parameter. */
    public HostdevDevice(String mode, String type, Boolean managed, String model, Boolean display, Boolean ramfb,
            Boolean rawio, String sgio, String driverName, String startupPolicy, String guestReset,
            Boolean writeFiltering, DeviceAddress.Pci pciAddress, String usbVendor, String usbProduct,
            Integer usbBus, Integer usbDevice, String scsiAdapter, Integer scsiBus, Integer scsiTarget, Long scsiUnit,
            String wwpn, String mdevUuid, String capsPath, Integer bootOrder, boolean readonly, boolean shareable,
            Boolean romBar, String romFile, Boolean romEnabled, DeviceInfo info) {
        this(mode, type, managed, model, display, ramfb, rawio, sgio, driverName, startupPolicy, guestReset,
                writeFiltering, pciAddress, usbVendor, usbProduct, usbBus, usbDevice, scsiAdapter, scsiBus, scsiTarget,
                scsiUnit, wwpn, mdevUuid, capsPath, bootOrder, readonly, shareable, romBar, romFile, romEnabled, info,
                null);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }
}
