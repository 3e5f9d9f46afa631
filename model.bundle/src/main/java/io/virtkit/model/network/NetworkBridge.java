package io.virtkit.model.network;

/**
 * A network's {@code <bridge>}.
 *
 * @param name            the bridge's name; {@code null} lets the driver pick {@code virbr<N>} (in bridge mode
 *                        it names the existing host bridge)
 * @param zone            the firewalld zone of the bridge, or {@code null}
 * @param stp             whether the bridge runs the spanning tree protocol (libvirt's default: on)
 * @param delay           the bridge's forward delay in seconds (default 0)
 * @param macTableManager who manages the MAC table, or {@code null} for the default
 */
public record NetworkBridge(String name, String zone, boolean stp, long delay, MacTableManager macTableManager) {

    /** No bridge element: libvirt's defaults. */
    public static final NetworkBridge DEFAULT = new NetworkBridge(null, null, true, 0, null);

    /** A copy with another name. */
    public NetworkBridge withName(String newName) {
        return new NetworkBridge(newName, zone, stp, delay, macTableManager);
    }
}
