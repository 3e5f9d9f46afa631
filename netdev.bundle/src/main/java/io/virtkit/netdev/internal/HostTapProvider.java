package io.virtkit.netdev.internal;

import java.util.Objects;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.net.TapProvider;

/**
 * Guest TAPs on this host, libvirt's way: created by us, transient, plugged into the bridge of an
 * active virtual network or a host bridge, or into nothing; an existing {@code <target dev>} is refused
 * (the seed rule) except for unmanaged ethernet, whose TAP is opened untouched. All kernel work runs on
 * the network driver's kernel thread, so TAPs land in the same namespace as its bridges.
 */
@Component(service = TapProvider.class)
public final class HostTapProvider implements TapProvider {

    private final VirtualNetworkDriver networks;
    private final NetdevThread netdev;
    private final TapNameAllocator names;

    @Activate
    public HostTapProvider(@Reference VirtualNetworkDriver networks) {
        this.networks = Objects.requireNonNull(networks, "networks");
        this.netdev = networks.netdev();
        // built on the kernel thread: the existing vnetN to reserve and the in-use check are that namespace's
        this.names = netdev.call(() -> new TapNameAllocator(
                netdev.netlink().links().stream().map(LinkInfo::name).toList(),
                name -> LibC.if_nametoindex(name) != 0));
    }

    @Override
    public ConnectedTap connect(InterfaceDevice iface, boolean vnetHeader) {
        Objects.requireNonNull(iface, "iface");
        String bridge = GuestBridges.of(iface, networks, "TAP");
        if (iface.type() == InterfaceDevice.Type.ETHERNET && Boolean.FALSE.equals(iface.targetManaged())) {
            return openUnmanaged(iface, vnetHeader);
        }
        return netdev.call(() -> createManaged(iface, vnetHeader, bridge));
    }

    /** The user's own TAP: it must exist, and nothing about it is changed. */
    private ConnectedTap openUnmanaged(InterfaceDevice iface, boolean vnetHeader) {
        if (iface.targetDev() == null) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NONE,
                    "target dev must be supplied when managed='no'");
        }
        TapDevice tap = netdev.call(() -> TapDevice.openExisting(iface.targetDev(), vnetHeader));
        return new HostTap(tap, null);
    }

    /** Runs on the kernel thread. */
    private ConnectedTap createManaged(InterfaceDevice iface, boolean vnetHeader, String bridge) {
        Rtnetlink nl = netdev.netlink();
        LinkInfo bridgeLink = null;
        if (bridge != null) {
            bridgeLink = GuestBridges.require(nl, bridge);
        }
        MacAddress tapMac = MacAddress.parse(iface.mac()).forTap();
        String target = iface.targetDev();
        // a vnetN target is one we generated for an earlier run: libvirt regenerates it rather than seeding
        TapDevice tap = target == null || TapNameAllocator.isGenerated(target)
                ? TapDevice.createGenerated(names, vnetHeader, 1, false)
                : TapDevice.create(new TapDevice.Spec(target, vnetHeader, 1, false));
        try {
            nl.setMac(tap.name(), tapMac);
            Integer mtu = iface.mtu() != null ? iface.mtu() : bridgeLink != null ? bridgeLink.mtu() : null;
            if (mtu != null) {
                nl.setMtu(tap.name(), mtu);
            }
            if (bridge != null) {
                nl.attachToBridge(tap.name(), bridge);
            }
            nl.setUp(tap.name(), true);
            return new HostTap(tap, bridge);
        } catch (RuntimeException e) {
            // transient: closing our only descriptor removes the device and its bridge port
            tap.close();
            throw e;
        }
    }

    private record HostTap(TapDevice tap, String bridge) implements ConnectedTap {
        @Override
        public String name() {
            return tap.name();
        }

        @Override
        public int fd() {
            return tap.fds().get(0);
        }

        @Override
        public void close() {
            tap.close();
        }
    }
}
