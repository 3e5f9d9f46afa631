package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceSettings;
import io.virtkit.model.domain.InterfaceSource;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * NICs between VMX {@code ethernetN.*} entries and interfaces, as libvirt's virVMXParseEthernet and
 * virVMXFormatEthernet map them: connection types, port groups ({@code networkName}), models, MAC address types
 * and distributed switch ports.
 */
final class VmxEthernet {
    /** libvirt's NIC models VMX knows; vmxnet2 is {@code vmxnet} with {@code features = "15"}. */
    static final List<String> MODELS = List.of("vlance", "vmxnet", "vmxnet2", "vmxnet3", "e1000", "e1000e");

    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}");

    private VmxEthernet() {
    }

    /** The highest N of the {@code ethernetN.} keys, -1 without any (libvirt scans the keys for it). */
    static int maxIndex(VmxFile file) {
        int max = -1;
        for (String key : file.keys()) {
            if (key.regionMatches(true, 0, "ethernet", 0, 8)) {
                int dot = key.indexOf('.');
                int idx;
                try {
                    idx = dot < 0 ? -1 : Integer.parseInt(key.substring(8, dot));
                } catch (NumberFormatException e) {
                    idx = -1;
                }
                if (idx < 0) {
                    throw VmxErrors.internal("failed to parse the index of the VMX key '" + key + "'");
                }
                max = Math.max(max, idx);
            }
        }
        return max;
    }

    /** The NIC {@code ethernetN}, or {@code null} when not present. */
    static InterfaceDevice parse(VmxEntries vmx, int n) {
        String prefix = "ethernet" + n + ".";
        if (!vmx.present(prefix)) {
            return null;
        }
        String connectionKey = prefix + "connectionType";
        String connectionType = vmx.string(connectionKey, true);
        String addressTypeKey = prefix + "addressType";
        String addressType = vmx.string(addressTypeKey, true);
        String generated = vmx.string(prefix + "generatedAddress", true);
        String address = vmx.string(prefix + "address", true);
        String checkMac = vmx.string(prefix + "checkMACAddress", true);

        String mac = "00:00:00:00:00:00"; // libvirt leaves the MAC zero when the file has none
        String macType = null;
        if (addressType == null || is(addressType, "generated") || is(addressType, "vpx")) {
            if (generated != null) {
                mac = mac(generated, prefix + "generatedAddress");
            }
            macType = addressType == null ? null : "generated";
        } else if (is(addressType, "static")) {
            if (address != null) {
                mac = mac(address, prefix + "address");
            }
            macType = "static";
        } else {
            throw VmxErrors.internal("Expecting VMX entry '" + addressTypeKey
                    + "' to be 'generated' or 'static' or 'vpx' but found '" + addressType + "'");
        }
        Boolean macCheck = checkMac == null ? null : checkMac.equals("true");

        String virtualDevKey = prefix + "virtualDev";
        String virtualDev = vmx.string(virtualDevKey, true);
        long features = vmx.number(prefix + "features", 0, true);
        String model = null;
        if (virtualDev != null) {
            model = virtualDev.toLowerCase(Locale.ROOT);
            if (model.equals("vmxnet2") || !MODELS.contains(model)) {
                throw VmxErrors.internal("Expecting VMX entry '" + virtualDevKey + "' to be 'vlance' or 'vmxnet' or "
                        + "'vmxnet3' or 'e1000' or 'e1000e' but found '" + virtualDev + "'");
            }
            if (model.equals("vmxnet") && features == 15) {
                model = "vmxnet2";
            }
        }

        String networkName = null;
        if (connectionType == null || is(connectionType, "bridged") || is(connectionType, "custom")) {
            networkName = vmx.string(prefix + "networkName", connectionType == null);
        }
        String vnet = null;
        if (connectionType != null && is(connectionType, "custom")) {
            vnet = vmx.string(prefix + "vnet", false);
        }
        String switchId = vmx.string(prefix + "dvs.switchId", true);

        InterfaceDevice.Builder nic = InterfaceDevice.builder().mac(mac).model(model);
        InterfaceSource source = InterfaceSource.NONE;
        if (switchId != null) {
            java.util.UUID uuid = VmxEntries.parseUuid(switchId);
            if (uuid == null) {
                throw VmxErrors.internal("Could not parse UUID from string '" + switchId + "'");
            }
            String portgroupId = vmx.string(prefix + "dvs.portgroupId", false);
            long portId = vmx.number(prefix + "dvs.portId", 0, false);
            long connectionId = vmx.number(prefix + "dvs.connectionId", 0, false);
            nic.type(InterfaceDevice.Type.VDS);
            source = new InterfaceSource(null, null, null, null, null, null, null, null, null,
                    Long.toString(portId), uuid.toString(), portgroupId, Long.toString(connectionId), null, null);
        } else if (connectionType == null && networkName == null) {
            nic.type(InterfaceDevice.Type.NULL);
        } else if (connectionType == null || is(connectionType, "bridged")) {
            nic.type(InterfaceDevice.Type.BRIDGE).source(networkName);
        } else if (is(connectionType, "hostonly")) {
            throw VmxErrors.internal("No yet handled value '" + connectionType + "' for VMX entry '"
                    + connectionKey + "'");
        } else if (is(connectionType, "nat")) {
            nic.type(InterfaceDevice.Type.USER);
        } else if (is(connectionType, "custom")) {
            nic.type(InterfaceDevice.Type.BRIDGE).source(networkName).targetDev(vnet);
        } else {
            throw VmxErrors.internal("Invalid value '" + connectionType + "' for VMX entry '" + connectionKey + "'");
        }
        InterfaceSettings.HostSide host = new InterfaceSettings.HostSide(null, null, null, null, null, null, null,
                null, macType, macCheck, null, null);
        nic.settings(new InterfaceSettings(null, null, null, null, null, null, null, null, null, null, null, source,
                host));
        return nic.build();
    }

    private static String mac(String value, String key) {
        if (!MAC.matcher(value).matches()) {
            throw VmxErrors.internal("Expecting VMX entry '" + key + "' to be MAC address but found '" + value + "'");
        }
        return DomainXmlCodec.normalizeMac(value);
    }

    /** Writes NIC {@code n}'s entries in libvirt's order. */
    static void format(InterfaceDevice nic, int n, VmxFile.Builder out, int virtualHwVersion) {
        int limit = virtualHwVersion >= 7 ? 9 : 3; // ESX 4.0's hardware version 7 raised the limit from 4 to 10
        if (n > limit) {
            throw VmxErrors.internal("Ethernet controller index " + n + " out of [0.." + limit + "] range");
        }
        String prefix = "ethernet" + n + ".";
        out.put(prefix + "present", "true");
        if (nic.model() != null) {
            if (!MODELS.contains(nic.model())) {
                throw VmxErrors.internal("Expecting domain XML entry 'devices/interface/model' to be 'vlance' or "
                        + "'vmxnet' or 'vmxnet2' or 'vmxnet3' or 'e1000' or 'e1000e' but found '" + nic.model() + "'");
            }
            if (nic.model().equals("vmxnet2")) {
                out.put(prefix + "virtualDev", "vmxnet").put(prefix + "features", "15");
            } else {
                out.put(prefix + "virtualDev", nic.model());
            }
        }
        switch (nic.type()) {
            case BRIDGE -> {
                out.put(prefix + "networkName", nic.source());
                if (nic.targetDev() != null) {
                    out.put(prefix + "connectionType", "custom").put(prefix + "vnet", nic.targetDev());
                } else {
                    out.put(prefix + "connectionType", "bridged");
                }
            }
            case USER -> out.put(prefix + "connectionType", "nat");
            case NULL -> {
            }
            case VDS -> {
                InterfaceSource s = nic.settings().source();
                out.put(prefix + "dvs.switchId", VmxDomainFormatter.uuidBios(java.util.UUID.fromString(s.switchid())));
                out.put(prefix + "dvs.portId", s.portid());
                out.put(prefix + "dvs.portgroupId", s.portgroupid());
                out.put(prefix + "dvs.connectionId", s.connectionid());
            }
            default -> throw VmxErrors.unsupported("Unsupported net type '" + nic.type().xmlName() + "'");
        }
        formatMac(nic, prefix, out);
    }

    /** libvirt guesses the MAC's type from VMware's ranges unless the definition says it. */
    private static void formatMac(InterfaceDevice nic, String prefix, VmxFile.Builder out) {
        String mac = nic.mac();
        long value = Long.parseLong(mac.replace(":", ""), 16);
        long oui = value >>> 24;
        long suffix = value & 0xffffff;
        String type;
        Boolean check = null;
        boolean vpx = false;
        if (oui == 0x000c29) {
            type = "generated";
        } else if (oui == 0x005056 && suffix <= 0x3fffff) {
            type = "static";
        } else if (oui == 0x005056 && suffix >= 0x800000 && suffix <= 0xbfffff) {
            type = "generated";
            vpx = true;
        } else {
            type = "static";
            check = false;
        }
        InterfaceSettings.HostSide host = nic.settings().host();
        if (host.macType() != null) {
            type = host.macType();
            if (type.equals("generated")) {
                check = null;
            }
        }
        if (host.macCheck() != null) {
            check = host.macCheck();
        }
        if (type.equals("generated")) {
            out.put(prefix + "addressType", vpx ? "vpx" : "generated").put(prefix + "generatedAddress", mac);
            if (!vpx) {
                out.put(prefix + "generatedAddressOffset", "0");
            }
        } else {
            out.put(prefix + "addressType", "static").put(prefix + "address", mac);
        }
        if (check != null) {
            out.put(prefix + "checkMACAddress", check ? "true" : "false");
        }
    }

    private static boolean is(String value, String expected) {
        return value.equalsIgnoreCase(expected);
    }
}
