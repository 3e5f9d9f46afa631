package io.virtkit.model.network;

import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.IpRoute;
import io.virtkit.model.netcommon.PortOptions;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.Vlan;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Builds a {@link NetworkDefinition}; {@link #build()} checks it as the constructor does. */
public final class NetworkDefinitionBuilder {
    private String name;
    private UUID uuid;
    private Integer connections;
    private Boolean ipv6;
    private Boolean trustGuestRxFilters;
    private String metadata;
    private NetworkForward forward;
    private NetworkBridge bridge = NetworkBridge.DEFAULT;
    private Integer mtu;
    private String mac;
    private NetworkDomain domain;
    private NetworkDns dns;
    private Bandwidth bandwidth;
    private Vlan vlan;
    private PortOptions port;
    private List<NetworkIp> ips = new ArrayList<>();
    private List<IpRoute> routes = new ArrayList<>();
    private VirtualPort virtualPort;
    private List<PortGroup> portGroups = new ArrayList<>();
    private List<String> dnsmasqOptions = new ArrayList<>();

    NetworkDefinitionBuilder() {
    }

    NetworkDefinitionBuilder(NetworkDefinition d) {
        this.name = d.name();
        this.uuid = d.uuid();
        this.connections = d.connections();
        this.ipv6 = d.ipv6();
        this.trustGuestRxFilters = d.trustGuestRxFilters();
        this.metadata = d.metadata();
        this.forward = d.forward();
        this.bridge = d.bridge();
        this.mtu = d.mtu();
        this.mac = d.mac();
        this.domain = d.domain();
        this.dns = d.dns();
        this.bandwidth = d.bandwidth();
        this.vlan = d.vlan();
        this.port = d.port();
        this.ips = new ArrayList<>(d.ips());
        this.routes = new ArrayList<>(d.routes());
        this.virtualPort = d.virtualPort();
        this.portGroups = new ArrayList<>(d.portGroups());
        this.dnsmasqOptions = new ArrayList<>(d.dnsmasqOptions());
    }

    public NetworkDefinitionBuilder name(String value) {
        this.name = value;
        return this;
    }

    public NetworkDefinitionBuilder uuid(UUID value) {
        this.uuid = value;
        return this;
    }

    public NetworkDefinitionBuilder connections(Integer value) {
        this.connections = value;
        return this;
    }

    public NetworkDefinitionBuilder ipv6(Boolean value) {
        this.ipv6 = value;
        return this;
    }

    public NetworkDefinitionBuilder trustGuestRxFilters(Boolean value) {
        this.trustGuestRxFilters = value;
        return this;
    }

    public NetworkDefinitionBuilder metadata(String value) {
        this.metadata = value;
        return this;
    }

    public NetworkDefinitionBuilder forward(NetworkForward value) {
        this.forward = value;
        return this;
    }

    public NetworkDefinitionBuilder bridge(NetworkBridge value) {
        this.bridge = value;
        return this;
    }

    public NetworkDefinitionBuilder mtu(Integer value) {
        this.mtu = value;
        return this;
    }

    public NetworkDefinitionBuilder mac(String value) {
        this.mac = value;
        return this;
    }

    public NetworkDefinitionBuilder domain(NetworkDomain value) {
        this.domain = value;
        return this;
    }

    public NetworkDefinitionBuilder dns(NetworkDns value) {
        this.dns = value;
        return this;
    }

    public NetworkDefinitionBuilder bandwidth(Bandwidth value) {
        this.bandwidth = value;
        return this;
    }

    public NetworkDefinitionBuilder vlan(Vlan value) {
        this.vlan = value;
        return this;
    }

    public NetworkDefinitionBuilder port(PortOptions value) {
        this.port = value;
        return this;
    }

    public NetworkDefinitionBuilder ips(List<NetworkIp> value) {
        this.ips = new ArrayList<>(value);
        return this;
    }

    public NetworkDefinitionBuilder routes(List<IpRoute> value) {
        this.routes = new ArrayList<>(value);
        return this;
    }

    public NetworkDefinitionBuilder virtualPort(VirtualPort value) {
        this.virtualPort = value;
        return this;
    }

    public NetworkDefinitionBuilder portGroups(List<PortGroup> value) {
        this.portGroups = new ArrayList<>(value);
        return this;
    }

    public NetworkDefinitionBuilder dnsmasqOptions(List<String> value) {
        this.dnsmasqOptions = new ArrayList<>(value);
        return this;
    }

    /** Appends one address. */
    public NetworkDefinitionBuilder ip(NetworkIp value) {
        this.ips.add(value);
        return this;
    }

    /** Sets the forward mode, keeping the forward devices ({@link ForwardMode#NONE}: no {@code <forward>}). */
    public NetworkDefinitionBuilder forwardMode(ForwardMode mode) {
        if (mode == ForwardMode.NONE) {
            forward = null;
        } else if (forward == null) {
            forward = NetworkForward.of(mode, null);
        } else {
            forward = new NetworkForward(mode, forward.managed(), forward.driverName(), forward.nat(), forward.pf(),
                    forward.interfaces(), forward.addresses());
        }
        return this;
    }

    /** Forwards through {@code dev} alone (the mode must be set first; {@code null} for any device). */
    public NetworkDefinitionBuilder forwardDev(String dev) {
        ForwardMode mode = forward == null ? ForwardMode.NONE : forward.mode();
        if (mode == ForwardMode.NONE) {
            if (dev != null) {
                throw NetworkChecks.xmlError("forward dev not allowed for network '" + name
                        + "' with forward mode='none'");
            }
            return this;
        }
        forward = NetworkForward.of(mode, dev);
        return this;
    }

    public NetworkDefinitionBuilder bridgeName(String value) {
        bridge = new NetworkBridge(value, bridge.zone(), bridge.stp(), bridge.delay(), bridge.macTableManager());
        return this;
    }

    public NetworkDefinitionBuilder stp(boolean value) {
        bridge = new NetworkBridge(bridge.name(), bridge.zone(), value, bridge.delay(), bridge.macTableManager());
        return this;
    }

    public NetworkDefinitionBuilder stpDelay(long value) {
        bridge = new NetworkBridge(bridge.name(), bridge.zone(), bridge.stp(), value, bridge.macTableManager());
        return this;
    }

    /** Sets the DNS domain's name ({@code null}: none). */
    public NetworkDefinitionBuilder domainName(String value) {
        domain = value == null ? null : new NetworkDomain(value, domain == null ? null : domain.localOnly());
        return this;
    }

    public NetworkDefinition build() {
        return new NetworkDefinition(name, uuid == null ? UUID.randomUUID() : uuid, connections, ipv6,
                trustGuestRxFilters, metadata, forward, bridge, mtu, mac, domain, dns, bandwidth, vlan, port, ips,
                routes, virtualPort, portGroups, dnsmasqOptions);
    }
}
