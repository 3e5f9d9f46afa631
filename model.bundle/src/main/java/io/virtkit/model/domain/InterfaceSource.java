package io.virtkit.model.domain;

import io.virtkit.model.netcommon.IpRoute;
import java.util.List;

/**
 * The attributes of an interface's {@code <source>} beyond the network or bridge name
 * ({@link InterfaceDevice#source()}), by interface type; each {@code null} when absent.
 *
 * @param dev              the host device ({@code direct}, {@code vdpa})
 * @param mode             {@code direct}'s macvtap mode, or {@code vhostuser}'s socket mode ({@code server},
 *                         {@code client})
 * @param type             {@code vhostuser}'s socket type ({@code unix})
 * @param path             {@code vhostuser}'s socket path
 * @param address          the socket address ({@code server}, {@code client}, {@code mcast}, {@code udp})
 * @param port             the socket port (same types)
 * @param localAddress     {@code udp}'s {@code <local address>}
 * @param localPort        {@code udp}'s {@code <local port>}
 * @param portgroup        {@code network}'s port group
 * @param portid           the network port's UUID ({@code network}, {@code vds})
 * @param switchid         {@code vds}'s switch UUID
 * @param portgroupid      {@code vds}'s port group id
 * @param connectionid     {@code vds}'s connection id
 * @param reconnectEnabled {@code vhostuser}'s {@code <reconnect enabled>}
 * @param reconnectTimeout {@code vhostuser}'s {@code <reconnect timeout>}
 * @param network          a {@code bridge} interface's network name ({@code network} as the bridge's name is
 *                         {@link InterfaceDevice#source()})
 * @param bridge           a {@code network} interface's bridge name
 * @param macTableManager  {@code kernel} or {@code libvirt} ({@code bridge}, {@code network})
 * @param name             an {@code internal} interface's network name
 * @param missing          a {@code hostdev} interface's {@code missing}
 * @param hostAddress      a {@code hostdev} interface's PCI or USB device
 * @param usbVendor        a {@code hostdev} interface's USB {@code <vendor id>}
 * @param usbProduct       a {@code hostdev} interface's USB {@code <product id>}
 * @param ips              an {@code ethernet} interface's host-side {@code <ip>}s
 * @param routes           an {@code ethernet} interface's host-side {@code <route>}s
 */
public record InterfaceSource(String dev, String mode, String type, String path, String address, Integer port,
        String localAddress, Integer localPort, String portgroup, String portid, String switchid,
        String portgroupid, String connectionid, Boolean reconnectEnabled, Integer reconnectTimeout,
        String network, String bridge, String macTableManager, String name, Boolean missing,
        HostAddress hostAddress, Integer usbVendor, Integer usbProduct, List<InterfaceIp> ips,
        List<IpRoute> routes) {

    /** Nothing beyond the name. */
    public static final InterfaceSource NONE = new InterfaceSource(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    public InterfaceSource {
        ips = ips == null ? List.of() : List.copyOf(ips);
        routes = routes == null ? List.of() : List.copyOf(routes);
    }

    /** A source of the form before the network, hostdev and ethernet extras were modelled. */
    public InterfaceSource(String dev, String mode, String type, String path, String address, Integer port,
            String localAddress, Integer localPort, String portgroup, String portid, String switchid,
            String portgroupid, String connectionid, Boolean reconnectEnabled, Integer reconnectTimeout) {
        this(dev, mode, type, path, address, port, localAddress, localPort, portgroup, portid, switchid,
                portgroupid, connectionid, reconnectEnabled, reconnectTimeout, null, null, null, null, null, null,
                null, null, List.of(), List.of());
    }

    /**
     * A {@code hostdev} interface's {@code <source><address>}: a PCI function ({@code type='pci'}) or a USB
     * device ({@code type='usb'}, or no type).
     *
     * @param type          {@code pci}, {@code usb}, or {@code null} (a USB address written without type)
     * @param domain        the PCI domain, or {@code null}
     * @param bus           the PCI or USB bus
     * @param slot          the PCI slot, or {@code null}
     * @param function      the PCI function, or {@code null}
     * @param multifunction the PCI multifunction switch, or {@code null}
     * @param device        the USB device, or {@code null}
     */
    public record HostAddress(String type, Integer domain, Integer bus, Integer slot, Integer function,
            Boolean multifunction, Integer device) {
    }

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
