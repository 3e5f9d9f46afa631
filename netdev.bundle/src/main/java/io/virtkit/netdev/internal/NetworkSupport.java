package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.network.DhcpHost;
import io.virtkit.model.network.DhcpRange;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkDns;
import io.virtkit.model.network.NetworkIp;
import io.virtkit.model.network.NetworkNat;
import io.virtkit.model.network.PortGroup;
import java.util.List;

/**
 * What the netdev network driver can run, checked when a network is defined or created: libvirt's network
 * driver checks (networkValidate) with its wording, then everything the model keeps but this driver does not
 * do, refused with "unsupported configuration" so that nothing valid is silently ignored. A refused
 * definition leaves nothing behind: this runs before anything is written or started.
 */
final class NetworkSupport {
    private NetworkSupport() {
    }

    /** @throws VirtException CONFIG_UNSUPPORTED naming what the driver cannot do */
    static void check(NetworkDefinition def) {
        String name = def.name();
        ForwardMode mode = def.forwardMode();
        switch (mode) {
            case NONE, NAT, ROUTE -> checkOwnBridge(def);
            case BRIDGE -> checkHostBridge(def);
            default -> throw unsupported("forward mode '" + mode.xmlName() + "' is not supported by Virtkit");
        }
        refuseIf(def.virtualPort() != null, "<virtualport>", name);
        refuseIf(def.vlan() != null, "<vlan>", name);
        refuseIf(def.bandwidth() != null, "<bandwidth>", name);
        refuseIf(def.port() != null, "<port isolated>", name);
        refuseIf(def.ipv6() != null, "the ipv6 attribute", name);
        refuseIf(def.trustGuestRxFilters() != null, "trustGuestRxFilters", name);
        refuseIf(!def.dnsmasqOptions().isEmpty(), "<dnsmasq:options>", name);
        List<String> defaults = def.portGroups().stream().filter(p -> Boolean.TRUE.equals(p.isDefault()))
                .map(PortGroup::name).toList();
        if (defaults.size() > 1) {
            // libvirt's network driver: one default portgroup at most
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.NETWORK, "Network '" + name + "' has multiple"
                    + " default <portgroup> elements (" + defaults.get(0) + " and " + defaults.get(1)
                    + "), but only one default is allowed");
        }
        for (PortGroup p : def.portGroups()) {
            refuseIf(p.virtualPort() != null || p.bandwidth() != null || p.vlan() != null
                    || p.trustGuestRxFilters() != null, "<portgroup> '" + p.name() + "' with settings", name);
        }
        if (def.forward() != null) {
            refuseIf(def.forward().pf() != null || !def.forward().addresses().isEmpty()
                    || def.forward().managed() != null || def.forward().driverName() != null,
                    "<forward> with a PF, PCI addresses or a driver", name);
            refuseIf(def.forward().interfaces().size() > 1, "more than one forward device", name);
        }
    }

    /** An isolated, NAT or routed network on a bridge of its own, with dnsmasq for DHCP and DNS. */
    private static void checkOwnBridge(NetworkDefinition def) {
        String name = def.name();
        refuseIf(def.bridge().zone() != null, "a firewalld zone", name);
        refuseIf(def.bridge().macTableManager() != null, "macTableManager", name);
        NetworkNat nat = def.forward() == null ? null : def.forward().nat();
        refuseIf(nat != null, "<nat> address, port or IPv6 settings", name);
        refuseIf(def.domain() != null && def.domain().localOnly() != null, "domain localOnly", name);
        NetworkDns dns = def.dns();
        refuseIf(dns != null, "<dns> settings", name);
        refuseIf(!def.routes().isEmpty(), "a static <route>", name);
        long withDhcp = def.ips().stream().filter(NetworkIp::isIpv4).filter(NetworkIp::hasDhcp).count();
        if (withDhcp > 1) {
            throw unsupported("Multiple IPv4 dhcp sections found -- dhcp is supported only for a single IPv4 address"
                    + " on each network");
        }
        for (NetworkIp ip : def.ips()) {
            if (ip.isIpv6()) {
                String address = ip.cidr().substring(0, ip.cidr().lastIndexOf('/'));
                throw unsupported("IPv6 address '" + address + "' in network '" + name + "' is not supported by"
                        + " Virtkit");
            }
            refuseIf(ip.localPtr() != null, "localPtr", name);
            refuseIf(ip.tftpRoot() != null, "<tftp>", name);
            refuseIf(ip.bootp() != null, "<bootp>", name);
            refuseIf(ip.dhcpRanges().size() > 1, "more than one DHCP range", name);
            for (DhcpRange r : ip.dhcpRanges()) {
                refuseIf(r.lease() != null, "a DHCP <lease> time", name);
            }
            for (DhcpHost h : ip.dhcpHosts()) {
                refuseIf(h.lease() != null, "a DHCP <lease> time", name);
                refuseIf(h.mac() == null, "a DHCP host without a MAC address", name);
            }
        }
    }

    /** An existing host bridge: the driver adds nothing to it (libvirt's networkValidate rules, then ours). */
    private static void checkHostBridge(NetworkDefinition def) {
        String name = def.name();
        if (def.mac() != null) {
            throw unsupportedInBridgeMode(name, "mac");
        }
        if (!def.ips().isEmpty()) {
            throw unsupportedInBridgeMode(name, "ip");
        }
        if (def.dns() != null) {
            throw unsupportedInBridgeMode(name, "dns");
        }
        if (def.domain() != null) {
            throw unsupportedInBridgeMode(name, "domain");
        }
        if (!def.routes().isEmpty()) {
            throw unsupportedInBridgeMode(name, "route");
        }
        refuseIf(def.bridge().macTableManager() != null, "macTableManager", name);
        if (def.bridgeName() == null) {
            // a forward dev alone would mean macvtap, which Virtkit does not do
            throw unsupported("network '" + name + "' with forward mode='bridge' needs the name of an existing host"
                    + " bridge in <bridge name='...'/>");
        }
    }

    private static void refuseIf(boolean condition, String what, String network) {
        if (condition) {
            throw unsupported(what + " in network '" + network + "' is not supported by Virtkit's network driver");
        }
    }

    private static VirtException unsupportedInBridgeMode(String name, String element) {
        return unsupported("Unsupported <" + element + "> element in network " + name + " with forward mode='bridge'");
    }

    private static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.NETWORK, detail);
    }
}
