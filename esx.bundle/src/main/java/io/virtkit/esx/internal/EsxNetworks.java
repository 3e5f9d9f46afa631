package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkDhcpLease;
import io.virtkit.api.NetworkListFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.api.driver.DriverFlags;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.model.network.NetworkXmlCodec;

/**
 * libvirt's esx network driver: the host's standard virtual switches as networks, named as the switch, with
 * the MD5 sum of the switch's key as UUID. A switch always forwards, so every network is active, persistent and
 * autostarted: start, destroy, transient networks, bridge names and DHCP leases are not supported, turning
 * autostart off is refused and turning it on accepted, as libvirt does. A handle finds its switch by name.
 */
final class EsxNetworks implements NetworkConnection {

    /** libvirt's {@code VIR_NETWORK_DEFINE_VALIDATE}: accepted (the model's parser already checks). */
    private static final long DEFINE_VALIDATE = 1;

    private final EsxContext context;
    private final EsxNetworkDefinitions definitions;

    EsxNetworks(EsxContext context) {
        this.context = context;
        this.definitions = new EsxNetworkDefinitions(context);
    }

    static VirtException noSwitchNamed(String name) {
        return new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.ESX,
                "Could not find HostVirtualSwitch with name '" + name + "'");
    }

    private static NetworkRef ref(EsxHostNetwork.Switch vs) {
        return new NetworkRef(vs.name(), vs.uuid());
    }

    private EsxHostNetwork.Switch find(String name) {
        return EsxHostNetwork.read(context).switchNamed(name).orElseThrow(() -> noSwitchNamed(name));
    }

    /** Every switch, unless the flags ask for inactive, transient or not autostarted networks only. */
    @Override
    public List<NetworkRef> listAllNetworks(long flags) {
        int[] groups = new int[3];
        for (NetworkListFlag f : DriverFlags.decode(flags, NetworkListFlag.class, "virConnectListAllNetworks")) {
            groups[f.group()] |= f.bit();
        }
        if ((groups[0] != 0 && (groups[0] & NetworkListFlag.ACTIVE.bit()) == 0)
                || (groups[1] != 0 && (groups[1] & NetworkListFlag.PERSISTENT.bit()) == 0)
                || (groups[2] != 0 && (groups[2] & NetworkListFlag.AUTOSTART.bit()) == 0)) {
            return List.of();
        }
        List<NetworkRef> refs = new ArrayList<>();
        for (EsxHostNetwork.Switch vs : EsxHostNetwork.read(context).switches()) {
            refs.add(ref(vs));
        }
        return refs;
    }

    @Override
    public NetworkRef lookupNetworkByName(String name) {
        return ref(find(name));
    }

    @Override
    public NetworkRef lookupNetworkByUuid(UUID uuid) {
        return EsxHostNetwork.read(context).switchWithUuid(uuid).map(EsxNetworks::ref)
                .orElseThrow(() -> new VirtException(ErrorCode.NO_NETWORK, ErrorDomain.ESX,
                        "Could not find HostVirtualSwitch with UUID '" + uuid + "'"));
    }

    @Override
    public NetworkRef defineNetwork(String xml, long flags) {
        DriverFlags.check(flags, DEFINE_VALIDATE, "virNetworkDefineXMLFlags");
        return lookupNetworkByName(definitions.define(xml));
    }

    @Override
    public NetworkRef createNetwork(String xml, long flags) {
        throw DriverFlags.noSupport("virNetworkCreateXML");
    }

    @Override
    public String networkBridgeName(NetworkRef network) {
        throw DriverFlags.noSupport("virNetworkGetBridgeName");
    }

    @Override
    public void startNetwork(NetworkRef network, long flags) {
        throw DriverFlags.noSupport("virNetworkCreate");
    }

    @Override
    public void destroyNetwork(NetworkRef network) {
        throw DriverFlags.noSupport("virNetworkDestroy");
    }

    @Override
    public void undefineNetwork(NetworkRef network) {
        definitions.undefine(network.name());
    }

    /** libvirt checks no flags here: the inactive XML is the same, a switch has no other configuration. */
    @Override
    public String networkXml(NetworkRef network, long flags) {
        DriverFlags.decode(flags, XmlFlag.class, "virNetworkGetXMLDesc");
        EsxHostNetwork host = EsxHostNetwork.read(context);
        EsxHostNetwork.Switch vs = host.switchNamed(network.name()).orElseThrow(() -> noSwitchNamed(network.name()));
        return NetworkXmlCodec.format(EsxNetworkXml.definition(host, vs,
                vs.portGroupKeys().isEmpty() ? java.util.Set.of() : EsxHostNetwork.networkNames(context)));
    }

    @Override
    public boolean networkAutostart(NetworkRef network) {
        return true;
    }

    @Override
    public void setNetworkAutostart(NetworkRef network, boolean autostart) {
        if (!autostart) {
            throw EsxErrors.internal("Cannot deactivate network autostart");
        }
    }

    @Override
    public boolean networkIsActive(NetworkRef network) {
        return true;
    }

    @Override
    public boolean networkIsPersistent(NetworkRef network) {
        return true;
    }

    @Override
    public List<NetworkDhcpLease> networkDhcpLeases(NetworkRef network, String mac, long flags) {
        throw DriverFlags.noSupport("virNetworkGetDHCPLeases");
    }

    /** The session is the hypervisor connection's, closed with it. */
    @Override
    public void close() {
    }
}
