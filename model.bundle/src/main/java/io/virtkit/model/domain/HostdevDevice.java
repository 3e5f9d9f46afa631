package io.virtkit.model.domain;

import java.util.List;
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
 * @param iscsi          a SCSI device reached over iSCSI instead of a host adapter, or {@code null}
 * @param ips            a capabilities network interface's addresses in the container, in order
 * @param routes         a capabilities network interface's routes in the container, in order
 * @param teaming        a PCI network device's failover teaming with a virtio interface, or {@code null}
 * @param bootLoadParm   the s390 boot load parameter ({@code <boot loadparm>}), or {@code null}
 */
public record HostdevDevice(String mode, String type, Boolean managed, String model, Boolean display, Boolean ramfb,
        Boolean rawio, String sgio, String driverName, String startupPolicy, String guestReset,
        Boolean writeFiltering, DeviceAddress.Pci pciAddress, String usbVendor, String usbProduct, Integer usbBus,
        Integer usbDevice, String scsiAdapter, Integer scsiBus, Integer scsiTarget, Long scsiUnit, String wwpn,
        String mdevUuid, String capsPath, Integer bootOrder, boolean readonly, boolean shareable, Boolean romBar,
        String romFile, Boolean romEnabled, DeviceInfo info, Iscsi iscsi, List<Ip> ips, List<Route> routes,
        Teaming teaming, String bootLoadParm) {

    public HostdevDevice {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(type, "type");
        info = DeviceInfo.orNone(info);
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** A host device of the form before iSCSI sources, addresses, routes, teaming and boot load parameters. */
    public HostdevDevice(String mode, String type, Boolean managed, String model, Boolean display, Boolean ramfb,
            Boolean rawio, String sgio, String driverName, String startupPolicy, String guestReset,
            Boolean writeFiltering, DeviceAddress.Pci pciAddress, String usbVendor, String usbProduct, Integer usbBus,
            Integer usbDevice, String scsiAdapter, Integer scsiBus, Integer scsiTarget, Long scsiUnit, String wwpn,
            String mdevUuid, String capsPath, Integer bootOrder, boolean readonly, boolean shareable, Boolean romBar,
            String romFile, Boolean romEnabled, DeviceInfo info) {
        this(mode, type, managed, model, display, ramfb, rawio, sgio, driverName, startupPolicy, guestReset,
                writeFiltering, pciAddress, usbVendor, usbProduct, usbBus, usbDevice, scsiAdapter, scsiBus, scsiTarget,
                scsiUnit, wwpn, mdevUuid, capsPath, bootOrder, readonly, shareable, romBar, romFile, romEnabled, info,
                null, List.of(), List.of(), null, null);
    }

    /**
     * A SCSI host device's iSCSI source ({@code <source protocol='iscsi'>}).
     *
     * @param name         the target IQN and LUN ({@code iqn.2014-08.com.example:t1/1})
     * @param hosts        the iSCSI server (libvirt takes exactly one)
     * @param auth         CHAP credentials, or {@code null}
     * @param initiatorIqn the initiator's IQN, or {@code null}
     */
    public record Iscsi(String name, List<DiskHost> hosts, DiskAuth auth, String initiatorIqn) {
        public Iscsi {
            Objects.requireNonNull(name, "name");
            hosts = List.copyOf(hosts);
        }
    }

    /**
     * An {@code <ip>} of a container's network interface.
     *
     * @param address the address
     * @param family  {@code ipv4} or {@code ipv6}, or {@code null}
     * @param prefix  the prefix length, or {@code null}
     * @param peer    the peer address of a point-to-point link, or {@code null}
     */
    public record Ip(String address, String family, Integer prefix, String peer) {
        public Ip {
            Objects.requireNonNull(address, "address");
        }
    }

    /**
     * A {@code <route>} of a container's network interface.
     *
     * @param family  {@code ipv4} or {@code ipv6}, or {@code null}
     * @param address the destination network
     * @param netmask its IPv4 netmask, or {@code null}
     * @param prefix  its prefix length, or {@code null}
     * @param gateway the gateway
     * @param metric  the route's metric, or {@code null}
     */
    public record Route(String family, String address, String netmask, Integer prefix, String gateway,
            Long metric) {
        public Route {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(gateway, "gateway");
        }
    }

    /**
     * {@code <teaming>}: a PCI network device as the {@code transient} half of a failover pair whose
     * {@code persistent} half is the virtio interface with that alias.
     *
     * @param type       {@code persistent} or {@code transient}
     * @param persistent the alias of the persistent device, for {@code transient}; else {@code null}
     */
    public record Teaming(String type, String persistent) {
        public Teaming {
            Objects.requireNonNull(type, "type");
        }
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return info.alias();
    }
}
