package io.virtkit.esx.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.PropertyCollector;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * The host's standard networking as one read of its {@code config.network}: the virtual switches (libvirt's
 * networks on ESX), the port groups on them and the physical NICs they uplink through. Read afresh for every
 * call, as libvirt does, so switches made or removed by others show at once.
 */
record EsxHostNetwork(List<Switch> switches, List<PortGroup> portGroups, List<Nic> nics) {

    /**
     * A {@code HostVirtualSwitch}.
     *
     * @param shaping the switch's traffic shaping ({@code spec.policy.shapingPolicy}), or null
     */
    record Switch(String name, String key, List<String> nicKeys, List<String> portGroupKeys, VimNode shaping) {

        /**
         * The network's UUID as libvirt derives it: a switch has none, so the MD5 sum of its key (unique per
         * host and fixed for the switch's life) is used, its 16 bytes in order.
         */
        UUID uuid() {
            return uuidOfKey(key);
        }
    }

    /**
     * A {@code HostPortGroup}.
     *
     * @param portTypes the type of each port in use ({@code virtualMachine}, {@code host}, {@code systemManagement})
     * @param shaping   the group's own traffic shaping ({@code spec.policy.shapingPolicy}), or null
     */
    record PortGroup(String key, String name, int vlanId, List<String> portTypes, VimNode shaping) {
    }

    /** A {@code PhysicalNic}: its key and device name ({@code vmnic0}). */
    record Nic(String key, String device) {
    }

    static UUID uuidOfKey(String key) {
        try {
            ByteBuffer md5 = ByteBuffer.wrap(MessageDigest.getInstance("MD5").digest(key.getBytes(StandardCharsets.UTF_8)));
            return new UUID(md5.getLong(), md5.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no MD5", e);
        }
    }

    /** The host's networking now. */
    static EsxHostNetwork read(EsxContext context) {
        ObjectContent host = EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(),
                "config.network.vswitch", "config.network.portgroup", "config.network.pnic"));
        List<Switch> switches = new ArrayList<>();
        for (VimNode vs : items(host, "config.network.vswitch")) {
            switches.add(new Switch(vs.textAt("name"), vs.textAt("key"), texts(vs, "pnic"), texts(vs, "portgroup"),
                    vs.at("spec.policy.shapingPolicy").orElse(null)));
        }
        List<PortGroup> groups = new ArrayList<>();
        for (VimNode pg : items(host, "config.network.portgroup")) {
            List<String> ports = pg.children("port").stream().map(p -> p.textAt("type")).toList();
            String vlan = pg.textAt("spec.vlanId");
            groups.add(new PortGroup(pg.textAt("key"), pg.textAt("spec.name"),
                    vlan == null || vlan.isEmpty() ? 0 : Integer.parseInt(vlan.trim()), ports,
                    pg.at("spec.policy.shapingPolicy").orElse(null)));
        }
        List<Nic> nics = new ArrayList<>();
        for (VimNode nic : items(host, "config.network.pnic")) {
            nics.add(new Nic(nic.textAt("key"), nic.textAt("device")));
        }
        return new EsxHostNetwork(switches, groups, nics);
    }

    /** The items of an array property ({@code ArrayOfHostVirtualSwitch}: its children). */
    private static List<VimNode> items(ObjectContent content, String path) {
        return content.get(path).map(VimNode::children).orElse(List.of());
    }

    private static List<String> texts(VimNode node, String child) {
        return node.children(child).stream().map(VimNode::text).toList();
    }

    Optional<Switch> switchNamed(String name) {
        return switches.stream().filter(s -> name.equals(s.name())).findFirst();
    }

    Optional<Switch> switchWithUuid(UUID uuid) {
        return switches.stream().filter(s -> s.uuid().equals(uuid)).findFirst();
    }

    Optional<PortGroup> portGroupWithKey(String key) {
        return portGroups.stream().filter(p -> key.equals(p.key())).findFirst();
    }

    Optional<Nic> nicWithKey(String key) {
        return nics.stream().filter(n -> key.equals(n.key())).findFirst();
    }

    Optional<Nic> nicWithDevice(String device) {
        return nics.stream().filter(n -> device.equals(n.device())).findFirst();
    }

    /**
     * The names of the host's {@code Network} objects. A port group shows in a network's XML only when a Network
     * of its name exists (a VMkernel-only group such as the management network has none), as in libvirt.
     */
    static Set<String> networkNames(EsxContext context) {
        VimNode hostToNetworks = PropertyCollector.traversal("hostToNetworks", "HostSystem", "network", false);
        List<ObjectContent> found = EsxErrors.call(() -> context.properties.retrieve(
                List.of(PropertyCollector.objectSpec(context.refs.hostSystem(), true, hostToNetworks)),
                List.of(PropertyCollector.propertySpec("Network", "name"))));
        Set<String> names = new HashSet<>();
        for (ObjectContent network : found) {
            String name = network.text("name");
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /** The host's network system, which adds and removes switches and port groups. */
    static MoRef networkSystem(EsxContext context) {
        ObjectContent host = EsxErrors.call(() -> context.properties.retrieveOne(context.refs.hostSystem(),
                "configManager.networkSystem"));
        return host.get("configManager.networkSystem").map(VimNode::asMoRef)
                .orElseThrow(() -> EsxErrors.internal("The host has no network system"));
    }
}
