package io.virtkit.esx.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.BandwidthRate;
import io.virtkit.model.netcommon.Vlan;
import io.virtkit.model.netcommon.VlanTag;
import io.virtkit.model.network.ForwardInterface;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.NetworkBridge;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkForward;
import io.virtkit.model.network.PortGroup;

/**
 * A virtual switch as libvirt's network XML, as libvirt's esx network driver maps it: bridge mode forwarding
 * through the switch's uplinks ({@code <interface dev='vmnic0'/>}), or an isolated network without them; no
 * bridge name (the switch is none); the switch's traffic shaping as {@code <bandwidth>} in both directions; a
 * {@code <portgroup>} for each port group that has a Network. Also the way back for define: the shaping policy
 * of a {@code <bandwidth>} and the VLAN of a port group.
 *
 * <p>Beyond libvirt: a port group's VLAN id shows as {@code <vlan><tag id/></vlan>} and is set from it (libvirt
 * sets every group it makes to VLAN 0 and never shows one). A group in VLAN 0 reads the same as libvirt's.
 */
final class EsxNetworkXml {

    /**
     * An isolated network formats {@code stp='off' delay='0'}: libvirt's definition is zeroed, not defaulted (a
     * bridge mode network formats no {@code <bridge>} at all).
     */
    private static final NetworkBridge NO_BRIDGE = new NetworkBridge(null, null, false, 0, null);

    private EsxNetworkXml() {
    }

    /** The network of {@code vs}; {@code networkNames} are the host's Network objects' names. */
    static NetworkDefinition definition(EsxHostNetwork host, EsxHostNetwork.Switch vs, Set<String> networkNames) {
        List<ForwardInterface> uplinks = new ArrayList<>();
        for (String key : vs.nicKeys()) {
            EsxHostNetwork.Nic nic = host.nicWithKey(key)
                    .orElseThrow(() -> EsxErrors.internal("Could not find PhysicalNic with key '" + key + "'"));
            uplinks.add(new ForwardInterface(nic.device(), null));
        }
        List<PortGroup> groups = new ArrayList<>();
        for (String key : vs.portGroupKeys()) {
            EsxHostNetwork.PortGroup pg = host.portGroupWithKey(key)
                    .orElseThrow(() -> EsxErrors.internal("Could not find HostPortGroup with key '" + key + "'"));
            if (networkNames.contains(pg.name())) {
                Vlan vlan = pg.vlanId() == 0 ? null : new Vlan(false, List.of(new VlanTag(pg.vlanId(), null)));
                groups.add(new PortGroup(pg.name(), null, null, null, bandwidth(pg.shaping()), vlan));
            }
        }
        return NetworkDefinition.builder().name(vs.name()).uuid(vs.uuid())
                .forward(uplinks.isEmpty() ? null
                        : new NetworkForward(ForwardMode.BRIDGE, null, null, null, null, uplinks, List.of()))
                .bridge(uplinks.isEmpty() ? NO_BRIDGE : NetworkBridge.DEFAULT).bandwidth(bandwidth(vs.shaping())).portGroups(groups).build();
    }

    /**
     * A shaping policy as {@code <bandwidth>}: libvirt shows an enabled policy in both directions, bits per
     * second scaled to KiB/s by 8 and 1000, the burst in bytes to KiB; null for none or a disabled one.
     */
    static Bandwidth bandwidth(VimNode shaping) {
        if (shaping == null || !"true".equals(shaping.textAt("enabled"))) {
            return null;
        }
        Long average = scaled(shaping.textAt("averageBandwidth"), 8 * 1000);
        Long peak = scaled(shaping.textAt("peakBandwidth"), 8 * 1000);
        Long burst = scaled(shaping.textAt("burstSize"), 1024);
        if (average == null) {
            return null; // libvirt writes no rate without an average (or floor, which ESX has not)
        }
        BandwidthRate rate = new BandwidthRate(average, peak, null, burst);
        return new Bandwidth(null, rate, rate);
    }

    private static Long scaled(String value, long divisor) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long scaled = Long.parseLong(value.trim()) / divisor;
        return scaled == 0 ? null : scaled;
    }

    /**
     * The shaping policy for a {@code <bandwidth>} as libvirt's esx driver builds it: ESX shapes both directions
     * alike, so both must be given and equal; all zero means no policy (null).
     */
    static VimNode shapingPolicy(Bandwidth bandwidth) {
        if (bandwidth == null) {
            return null;
        }
        BandwidthRate in = bandwidth.inbound();
        BandwidthRate out = bandwidth.outbound();
        if (in == null || out == null || zeroIfNull(in.average()) != zeroIfNull(out.average())
                || zeroIfNull(in.peak()) != zeroIfNull(out.peak()) || zeroIfNull(in.burst()) != zeroIfNull(out.burst())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX,
                    "Different inbound and outbound bandwidth is unsupported");
        }
        long average = zeroIfNull(in.average());
        long peak = zeroIfNull(in.peak());
        long burst = zeroIfNull(in.burst());
        if (average == 0 && peak == 0 && burst == 0) {
            return null;
        }
        List<VimNode> policy = new ArrayList<>();
        policy.add(VimNode.leaf("enabled", "true"));
        if (average > 0) {
            policy.add(VimNode.leaf("averageBandwidth", Long.toString(average * 8 * 1000)));
        }
        if (peak > 0) {
            policy.add(VimNode.leaf("peakBandwidth", Long.toString(peak * 8 * 1000)));
        }
        if (burst > 0) {
            policy.add(VimNode.leaf("burstSize", Long.toString(burst * 1024)));
        }
        return VimNode.of("shapingPolicy", policy);
    }

    private static long zeroIfNull(Long value) {
        return value == null ? 0 : value;
    }

    /**
     * The VLAN id of a port group: 0 without {@code <vlan>}, else its one tag. A standard switch's port group
     * carries one VLAN id, so trunks and native VLANs cannot be mapped.
     */
    static int vlanId(PortGroup group) {
        Vlan vlan = group.vlan();
        if (vlan == null) {
            return 0;
        }
        if (vlan.trunk() || vlan.tags().size() != 1 || Objects.nonNull(vlan.tags().get(0).nativeMode())) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX,
                    "Port group '" + group.name() + "' can only have a single VLAN tag on ESX");
        }
        return vlan.tags().get(0).id();
    }
}
