package io.virtkit.support.net;

import io.virtkit.model.domain.InterfaceDevice;

/**
 * The host side of container network interfaces, registered as an OSGi service by the netdev bundle and
 * used by drivers whose guests share the host kernel (LXC): each interface is a veth pair, one end on the
 * host plugged into a bridge, the other in the container's network namespace. libvirt's rules apply: host
 * ends are named {@code vethN} from a counter that skips names in use; a user's
 * {@code <target dev='NAME'/>} that already exists is refused with
 * {@link io.virtkit.api.ErrorCode#OPERATION_INVALID} "The NAME interface already exists" (the seed rule).
 *
 * <p>A pair lives as long as both of its ends: when the container's network namespace goes, the kernel
 * removes the container end and with it the host end (asynchronously, as the namespace is dismantled),
 * so {@link #release(String)} is there to make that immediate and to clean up after a failed start.
 */
@org.osgi.annotation.versioning.ProviderType
public interface VethProvider {

    /**
     * Creates the veth pair for {@code iface}: the host end is plugged into the bridge of that active
     * virtual network ({@code type='network'}), into the named host bridge ({@code type='bridge'}), or into
     * nothing ({@code type='ethernet'}), and is up; the container end is created directly in the network
     * namespace of process {@code pid} (as this host's PID namespace numbers it), named {@code guestName},
     * with the guest's MAC, and up. Both ends get the interface's MTU, else the bridge's. On any failure
     * nothing is left behind.
     *
     * @param guestName the name inside the container, libvirt's {@code eth0}, {@code eth1}, …
     */
    ConnectedVeth connect(InterfaceDevice iface, long pid, String guestName);

    /**
     * Deletes the pair whose host end is {@code hostName} (deleting one end deletes both). A pair that is
     * already gone is not an error: it went with its container's namespace.
     */
    void release(String hostName);
}
