package io.virtkit.lxc.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedVeth;
import io.virtkit.support.net.VethProvider;

/**
 * A container's network interfaces, libvirt's LXC way: every {@code <interface type='network'|'bridge'|
 * 'ethernet'>} becomes a veth pair from the netdev bundle's {@link VethProvider}, the host end plugged into
 * the bridge and named in the live XML's {@code <target dev>}, the other end inside the container as
 * {@code eth0}, {@code eth1}, … in definition order, with the guest's MAC, already up when init starts.
 * The pairs are made once the container's init exists (its network namespace is where the container ends
 * go) and before it is released, so init never sees a half-configured network.
 */
final class ContainerNics {
    private static final System.Logger LOG = System.getLogger(ContainerNics.class.getName());

    private ContainerNics() {
    }

    /** Whether {@code iface} is given to a container as a veth pair. */
    static boolean isVeth(InterfaceDevice iface) {
        return iface.type() == InterfaceDevice.Type.NETWORK || iface.type() == InterfaceDevice.Type.BRIDGE
                || iface.type() == InterfaceDevice.Type.ETHERNET;
    }

    /**
     * What can be refused before anything is created: user-mode networking (a QEMU feature, not a
     * kernel device) and veth interfaces without the netdev feature installed.
     */
    static void check(DomainDefinition def, VethProvider provider) {
        for (InterfaceDevice iface : def.devices().interfaces()) {
            if (!isVeth(iface)) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC,
                        "Unsupported network type " + iface.type().xmlName());
            }
            if (!iface.settings().elementNames().isEmpty()) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, "interface <"
                        + iface.settings().elementNames().get(0) + "> is not supported by the LXC driver");
            }
            if (provider == null) {
                throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, "interface type '"
                        + iface.type().xmlName() + "' needs Virtkit's netdev feature (virtkit-netdev), which is not installed");
            }
        }
    }

    /**
     * Creates the veth pairs of {@code def} for the container whose init is {@code initPid}. On failure the
     * pairs already made are deleted before the error is thrown.
     *
     * @return {@code def} with each host end's name as its interface's {@code <target dev>}
     */
    static DomainDefinition plug(DomainDefinition def, VethProvider provider, long initPid) {
        List<InterfaceDevice> ifaces = new ArrayList<>(def.devices().interfaces());
        if (ifaces.isEmpty()) {
            return def;
        }
        List<String> made = new ArrayList<>();
        try {
            int guestIndex = 0;
            for (int k = 0; k < ifaces.size(); k++) {
                InterfaceDevice i = ifaces.get(k);
                ConnectedVeth veth = provider.connect(i, initPid, "eth" + guestIndex++);
                made.add(veth.name());
                ifaces.set(k, i.toBuilder().targetDev(veth.name()).info(null).build());
            }
        } catch (RuntimeException e) {
            for (String name : made) {
                try {
                    provider.release(name);
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        return def.withDevices(def.devices().toBuilder().interfaces(ifaces).build());
    }

    /**
     * Deletes the host ends named in a run's live definition. The kernel removes a pair when the container's
     * network namespace goes, but only once that namespace is dismantled, asynchronously; doing it here makes
     * a stopped container leave no device behind by the time stop returns. Never fails: a pair already gone
     * is what is expected, and anything else is only logged.
     */
    static void unplug(String domain, DomainDefinition live, VethProvider provider) {
        if (provider == null) {
            return; // the kernel still removes the pairs with the namespace
        }
        for (InterfaceDevice i : live.devices().interfaces()) {
            if (isVeth(i) && i.targetDev() != null) {
                try {
                    provider.release(i.targetDev());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "cannot remove interface '" + i.targetDev() + "' of container '" + domain
                            + "': " + e.getMessage());
                }
            }
        }
    }
}
