package io.virtkit.esx.internal;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.model.network.ForwardMode;
import io.virtkit.model.network.ForwardInterface;
import io.virtkit.model.network.NetworkDefinition;
import io.virtkit.model.network.NetworkXmlCodec;
import io.virtkit.model.network.PortGroup;

/**
 * Defining and undefining networks as libvirt's esx network driver: a new virtual switch with 128 ports,
 * uplinked to the forward's interfaces, shaped as the {@code <bandwidth>} says, and a port group for each
 * {@code <portgroup>}; undefine removes the port groups, then the switch. libvirt's refusals and wording:
 * an existing switch is not edited, the UUID cannot be chosen (it is derived from the switch's key), only
 * isolated and bridge forwarding map to a switch, port group names are unique on the host.
 *
 * <p>Differences: a port group that cannot be added leaves libvirt's half-made switch behind, while here what
 * was added is removed again, so a failed define changes nothing; uplinks are named to ESX by device
 * ({@code vmnic0}, what a host's own switch specs carry) where libvirt passes the NIC's key; a port group's
 * {@code <vlan>} tag becomes its VLAN id (libvirt makes every group in VLAN 0).
 */
final class EsxNetworkDefinitions {

    /** The ports libvirt gives a new switch. */
    private static final int PORTS = 128;

    private final EsxContext context;

    EsxNetworkDefinitions(EsxContext context) {
        this.context = context;
    }

    /** Makes the switch {@code xml} describes; its name. */
    String define(String xml) {
        NetworkDefinition def = NetworkXmlCodec.parse(xml);
        EsxHostNetwork host = EsxHostNetwork.read(context);
        if (host.switchNamed(def.name()).isPresent()) {
            throw EsxErrors.internal("HostVirtualSwitch already exists, editing existing ones is not supported yet");
        }
        if (hasUuid(xml)) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX, "Cannot use predefined UUID");
        }
        ForwardMode mode = def.forwardMode();
        if (mode != ForwardMode.NONE && mode != ForwardMode.BRIDGE) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.ESX,
                    "Unsupported forward mode '" + mode.xmlName() + "'");
        }
        for (PortGroup group : def.portGroups()) {
            if (host.portGroups().stream().anyMatch(existing -> group.name().equals(existing.name()))) {
                throw new VirtException(ErrorCode.NETWORK_EXIST, ErrorDomain.ESX,
                        "HostPortGroup with name '" + group.name() + "' exists already");
            }
        }
        VimNode spec = switchSpec(def, host);
        List<VimNode> groupSpecs = new ArrayList<>();
        for (PortGroup group : def.portGroups()) {
            VimNode shaping = EsxNetworkXml.shapingPolicy(group.bandwidth());
            groupSpecs.add(VimNode.of("portgrp", VimNode.leaf("name", group.name()),
                    VimNode.leaf("vlanId", Integer.toString(EsxNetworkXml.vlanId(group))),
                    VimNode.leaf("vswitchName", def.name()), VimNode.of("policy", shaping)));
        }
        MoRef networkSystem = EsxHostNetwork.networkSystem(context);
        EsxErrors.run(() -> context.session.call("AddVirtualSwitch", networkSystem,
                VimNode.leaf("vswitchName", def.name()), spec));
        List<String> added = new ArrayList<>();
        try {
            for (VimNode groupSpec : groupSpecs) {
                EsxErrors.run(() -> context.session.call("AddPortGroup", networkSystem, groupSpec));
                added.add(groupSpec.textAt("name"));
            }
        } catch (RuntimeException e) {
            takeBack(networkSystem, def.name(), added, e);
            throw e;
        }
        return def.name();
    }

    /** The switch's spec: its ports, its uplinks (by device) when it forwards, its shaping. */
    private static VimNode switchSpec(NetworkDefinition def, EsxHostNetwork host) {
        VimNode bridge = null;
        if (def.forwardMode() != ForwardMode.NONE && !def.forward().interfaces().isEmpty()) {
            if (!def.forward().addresses().isEmpty()) {
                throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.ESX,
                        "unsupported device type in network " + def.name() + " interface pool");
            }
            List<VimNode> nics = new ArrayList<>();
            for (ForwardInterface uplink : def.forward().interfaces()) {
                EsxHostNetwork.Nic nic = host.nicWithDevice(uplink.dev()).orElseThrow(() -> EsxErrors.internal(
                        "Could not find PhysicalNic with name '" + uplink.dev() + "'"));
                nics.add(VimNode.leaf("nicDevice", nic.device()));
            }
            bridge = VimNode.of("bridge", nics).typed("HostVirtualSwitchBondBridge");
        }
        VimNode shaping = EsxNetworkXml.shapingPolicy(def.bandwidth());
        return VimNode.of("spec", VimNode.leaf("numPorts", Integer.toString(PORTS)), bridge,
                shaping == null ? null : VimNode.of("policy", shaping));
    }

    /** Removes the port groups a failed define added, then its switch; their failures ride on the define's. */
    private void takeBack(MoRef networkSystem, String switchName, List<String> groups, RuntimeException failure) {
        for (int i = groups.size() - 1; i >= 0; i--) {
            try {
                context.session.call("RemovePortGroup", networkSystem, VimNode.leaf("pgName", groups.get(i)));
            } catch (RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        try {
            context.session.call("RemoveVirtualSwitch", networkSystem, VimNode.leaf("vswitchName", switchName));
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Whether the XML names a UUID. The model gives a network without {@code <uuid>} a random one, so the text
     * is asked (it parsed already: well-formed, no DTD).
     */
    private static boolean hasUuid(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            for (Node n = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement()
                    .getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n.getNodeType() == Node.ELEMENT_NODE && "uuid".equals(n.getNodeName())) {
                    return true;
                }
            }
            return false;
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw EsxErrors.internal("Cannot read the network XML again: " + e.getMessage());
        }
    }

    /** Removes the switch {@code name} with its port groups, if only virtual machines use it. */
    void undefine(String name) {
        EsxHostNetwork host = EsxHostNetwork.read(context);
        EsxHostNetwork.Switch vs = host.switchNamed(name).orElseThrow(() -> EsxNetworks.noSwitchNamed(name));
        List<EsxHostNetwork.PortGroup> groups = new ArrayList<>();
        for (String key : vs.portGroupKeys()) {
            EsxHostNetwork.PortGroup group = host.portGroupWithKey(key)
                    .orElseThrow(() -> EsxErrors.internal("Could not find HostPortGroup for key '" + key + "'"));
            for (String type : group.portTypes()) {
                if (!"virtualMachine".equals(type)) {
                    throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.ESX,
                            "Cannot undefine HostVirtualSwitch that has a '" + type + "' port");
                }
            }
            groups.add(group);
        }
        MoRef networkSystem = EsxHostNetwork.networkSystem(context);
        for (EsxHostNetwork.PortGroup group : groups) {
            EsxErrors.run(() -> context.session.call("RemovePortGroup", networkSystem,
                    VimNode.leaf("pgName", group.name())));
        }
        EsxErrors.run(() -> context.session.call("RemoveVirtualSwitch", networkSystem,
                VimNode.leaf("vswitchName", name)));
    }
}
