package io.virtkit.netdev.internal;

import java.security.SecureRandom;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.network.NetworkDefinition;

/** What the driver picks for a network's definition: its bridge name and the bridge's MAC. */
final class BridgeNames {

    private BridgeNames() {
    }

    /**
     * Fills in what the driver picks: a free {@code virbr<N>} bridge and a bridge MAC; checks bridge clashes
     * against every other network's definitions, live or starting. The caller holds the
     * driver's table lock, so two definitions cannot pick the same name.
     */
    static NetworkDefinition complete(NetworkDefinition def, VirtualNetwork self, Collection<VirtualNetwork> networks,
            NetdevThread netdev, SecureRandom random) {
        if (!def.forwardMode().managesBridge()) {
            if (def.bridgeName() == null) {
                throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK,
                        "network '" + def.name() + "' has forward mode 'bridge' but no bridge name");
            }
            return def;
        }
        Set<String> taken = new HashSet<>();
        for (VirtualNetwork other : networks) {
            if (other != self) {
                synchronized (other) {
                    for (NetworkDefinition d : new NetworkDefinition[] {other.persistent, other.live, other.starting}) {
                        if (d != null && d.forwardMode().managesBridge()) {
                            taken.add(d.bridgeName());
                        }
                    }
                }
            }
        }
        NetworkDefinition previousDef = self == null ? null : self.current();
        if (def.bridgeName() == null) {
            String previous = previousDef == null ? null : previousDef.bridgeName();
            if (previous != null && !taken.contains(previous)) {
                def = def.withBridgeName(previous);
            } else {
                def = def.withBridgeName(freeBridgeName(taken, netdev));
            }
        } else if (taken.contains(def.bridgeName())) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "bridge name '" + def.bridgeName() + "' already in use.");
        }
        if (def.mac() == null) {
            String previous = previousDef == null ? null : previousDef.mac();
            def = def.withMac(previous != null ? previous : randomMac(random));
        }
        return def;
    }

    private static String freeBridgeName(Set<String> taken, NetdevThread netdev) {
        return netdev.call(() -> {
            for (int n = 0; n < 256; n++) {
                String candidate = "virbr" + n;
                if (!taken.contains(candidate) && !netdev.netlink().exists(candidate)) {
                    return candidate;
                }
            }
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NETWORK,
                    "Bridge generation exceeded max id 256");
        });
    }

    /** libvirt's prefix 52:54:00 with three random bytes: locally administered, never multicast. */
    private static String randomMac(SecureRandom random) {
        byte[] b = new byte[3];
        random.nextBytes(b);
        return String.format("52:54:00:%02x:%02x:%02x", b[0] & 0xFF, b[1] & 0xFF, b[2] & 0xFF);
    }
}
