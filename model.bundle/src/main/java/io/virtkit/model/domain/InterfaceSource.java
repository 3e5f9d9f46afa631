package io.virtkit.model.domain;

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
 */
public record InterfaceSource(String dev, String mode, String type, String path, String address, Integer port,
        String localAddress, Integer localPort, String portgroup, String portid, String switchid,
        String portgroupid, String connectionid, Boolean reconnectEnabled, Integer reconnectTimeout) {

    /** Nothing beyond the name. */
    public static final InterfaceSource NONE = new InterfaceSource(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    /** Whether nothing is set. */
    public boolean isEmpty() {
        return equals(NONE);
    }
}
