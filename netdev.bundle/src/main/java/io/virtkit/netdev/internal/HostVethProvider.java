package io.virtkit.netdev.internal;

import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedVeth;
import io.virtkit.support.net.VethProvider;

/**
 * Containers' veth pairs on this host, libvirt's way (its LXC driver's {@code virNetDevVethCreate}): the
 * host end named {@code vethN} from a counter, or the user's {@code <target dev>} if no such device exists
 * (the seed rule), plugged into the bridge of an active virtual network or a host bridge, or into nothing;
 * the container end made with the guest's MAC. libvirt creates both ends on the host, then moves one and
 * renames it from inside the container; here one RTM_NEWLINK creates the container end directly in the
 * container's namespace under its final name, so no half-made pair is ever visible on the host, and a
 * netlink socket opened inside that namespace (see {@link ProcessNetns}) brings it up.
 *
 * <p>The host end gets the guest's MAC with its first byte 0xFE (as a TAP does), so a bridge, which takes
 * the lowest MAC of its ports, never adopts a container's. All kernel work runs on the network driver's
 * kernel thread, so host ends land in the same namespace as its bridges (a test's, in tests).
 */
@Component(service = VethProvider.class)
public final class HostVethProvider implements VethProvider {

    /** Attempts at a generated name before giving up, each skipping a name someone took meanwhile. */
    private static final int GENERATED_ATTEMPTS = 8;

    private final VirtualNetworkDriver networks;
    private final NetdevThread netdev;
    private final TapNameAllocator names;

    @Activate
    public HostVethProvider(@Reference VirtualNetworkDriver networks) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.netdev = networks.netdev();
        this.names = netdev.call(() -> new TapNameAllocator(TapNameAllocator.VETH_PREFIX,
                netdev.netlink().links().stream().map(LinkInfo::name).toList(),
                name -> LibC.if_nametoindex(name) != 0));
    }

    @Override
    public ConnectedVeth connect(InterfaceDevice iface, long pid, String guestName) {
        Objects.requireNonNull(iface, "iface");
        InterfaceNames.validate(guestName, "Failed to create veth device");
        if (pid <= 0 || pid > Integer.MAX_VALUE) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE, "invalid process id " + pid);
        }
        String bridge = GuestBridges.of(iface, networks, "veth");
        if (Boolean.FALSE.equals(iface.targetManaged())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NONE,
                    "an unmanaged target device cannot be given to a container");
        }
        return netdev.call(() -> create(iface, pid, guestName, bridge));
    }

    /** Runs on the kernel thread. */
    private ConnectedVeth create(InterfaceDevice iface, long pid, String guestName, String bridge) {
        Rtnetlink nl = netdev.netlink();
        Integer mtu = iface.mtu();
        if (bridge != null) {
            LinkInfo bridgeLink = GuestBridges.require(nl, bridge);
            if (mtu == null) {
                mtu = bridgeLink.mtu();
            }
        }
        MacAddress guestMac = MacAddress.parse(iface.mac());
        Rtnetlink.VethEnd peer = new Rtnetlink.VethEnd(guestName, guestMac, mtu);
        MacAddress hostMac = guestMac.forTap();
        String target = iface.targetDev();
        // a vethN target is one we generated for an earlier run: regenerated rather than seeded, as vnetN
        if (target != null && !TapNameAllocator.isGenerated(TapNameAllocator.VETH_PREFIX, target)) {
            if (nl.exists(target)) {
                throw NetdevErrors.interfaceExists(target);
            }
            if (!nl.createVeth(new Rtnetlink.VethEnd(target, hostMac, mtu), bridge, peer, pid)) {
                throw nl.exists(target) ? NetdevErrors.interfaceExists(target) : guestNameTaken(guestName);
            }
            return bringUpGuestEnd(new ConnectedVeth(target, guestName, bridge), pid);
        }
        String name = null;
        for (int attempt = 0; attempt < GENERATED_ATTEMPTS; attempt++) {
            name = names.next();
            if (nl.createVeth(new Rtnetlink.VethEnd(name, hostMac, mtu), bridge, peer, pid)) {
                return bringUpGuestEnd(new ConnectedVeth(name, guestName, bridge), pid);
            }
            if (!nl.exists(name)) {
                throw guestNameTaken(guestName); // the clash was on the container's side
            }
            // taken between the allocator's check and now: skip it, never reuse another owner's device
        }
        throw NetdevErrors.interfaceExists(name);
    }

    /**
     * The container end is created down (the kernel cannot open it before the pair is linked), so it is
     * brought up from inside the container's namespace; if that fails the pair goes (deleting the host end
     * deletes both). Runs on the kernel thread.
     */
    private ConnectedVeth bringUpGuestEnd(ConnectedVeth veth, long pid) {
        try {
            ProcessNetns.run(pid, nl -> nl.setUp(veth.guestName(), true));
            return veth;
        } catch (RuntimeException e) {
            try {
                netdev.netlink().deleteLink(veth.name());
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static VirtException guestNameTaken(String guestName) {
        return new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE,
                "The " + guestName + " interface already exists in the container");
    }

    @Override
    public void release(String hostName) {
        InterfaceNames.validate(hostName, "error destroying network device");
        netdev.run(() -> {
            Rtnetlink nl = netdev.netlink();
            Optional<LinkInfo> link = nl.link(hostName);
            if (link.isEmpty()) {
                return; // gone with the container's namespace
            }
            if (!link.get().kind().filter("veth"::equals).isPresent()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE,
                        "interface '" + hostName + "' is not a veth device");
            }
            try {
                nl.deleteLink(hostName);
            } catch (VirtException e) {
                if (nl.exists(hostName)) {
                    throw e;
                }
                // the namespace's teardown removed it between our look-up and the delete
            }
        });
    }
}
