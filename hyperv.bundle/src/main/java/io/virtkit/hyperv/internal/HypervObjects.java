package io.virtkit.hyperv.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimReference;

/**
 * How Hyper-V names its objects: the WS-Man references (resource URI + key selectors) a call addresses, and the WMI
 * object paths ({@code \\HOST\root\virtualization\v2:Class.Key="value"}) that resource settings hold in
 * {@code Parent} and {@code HostResource}. Values in a path are quoted with backslash escapes, so an InstanceID's
 * own backslashes ({@code Microsoft:GUID\0\0\D}) are doubled there.
 */
final class HypervObjects {

    static final String RESOURCE_URI = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";

    private HypervObjects() {
    }

    /** The reference of an instance of {@code className} with these keys (name, value, name, value …). */
    static CimReference reference(String className, String... keysAndValues) {
        Map<String, String> selectors = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            selectors.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return new CimReference(RESOURCE_URI + className, selectors);
    }

    /** A new instance of {@code className} without properties, to fill with {@link CimInstance#with}. */
    static CimInstance newInstance(String className) {
        return new CimInstance(className, RESOURCE_URI + className, Map.of());
    }

    /**
     * Not-string CIM types of the settings properties this driver sends, declared on an instance before it goes
     * out embedded (WS-Man answers carry no types, and WMI reads a CIM-XML VALUE by the TYPE it is given, as libvirt
     * writes it from its class descriptions).
     */
    private static final Map<String, String> CIM_TYPES = Map.ofEntries(Map.entry("ResourceType", "uint16"),
            Map.entry("VirtualQuantity", "uint64"), Map.entry("Limit", "uint64"), Map.entry("Reservation", "uint64"),
            Map.entry("Weight", "uint32"), Map.entry("StaticMacAddress", "boolean"),
            Map.entry("EnabledState", "uint16"), Map.entry("DynamicMemoryEnabled", "boolean"),
            Map.entry("AutomaticAllocation", "boolean"), Map.entry("AutomaticDeallocation", "boolean"),
            Map.entry("ConsumerVisibility", "uint16"), Map.entry("MappingBehavior", "uint16"));

    /** The instance with the CIM types of its properties declared (see {@link #CIM_TYPES}). */
    static CimInstance typed(CimInstance instance) {
        CimInstance typed = instance;
        for (String property : instance.properties().keySet()) {
            String type = CIM_TYPES.get(property);
            if (type != null && instance.cimType(property) == null) {
                typed = typed.withCimType(property, type);
            }
        }
        return typed;
    }

    /** A virtual machine's {@code Msvm_ComputerSystem} by its GUID. */
    static CimReference computerSystem(String guid) {
        return reference("Msvm_ComputerSystem", "CreationClassName", "Msvm_ComputerSystem", "Name", guid);
    }

    /** A setting data instance (keyed by InstanceID alone, as every *SettingData class). */
    static CimReference settingData(CimInstance settings) {
        return reference(settings.className(), "InstanceID", settings.get("InstanceID"));
    }

    /** The instance's own reference built from its keys, for the classes this driver addresses by reference. */
    static CimReference service(CimInstance service) {
        return reference(service.className(), "CreationClassName", service.get("CreationClassName"), "Name",
                service.get("Name"), "SystemCreationClassName", service.get("SystemCreationClassName"),
                "SystemName", service.get("SystemName"));
    }

    /** The WMI object path of a setting data instance on {@code host}. */
    static String settingDataPath(String host, String className, String instanceId) {
        return "\\\\" + host + "\\root\\virtualization\\v2:" + className + ".InstanceID=" + quote(instanceId);
    }

    /** The WMI object path of a virtual switch on {@code host}. */
    static String switchPath(String host, String switchName) {
        return "\\\\" + host + "\\root\\virtualization\\v2:Msvm_VirtualEthernetSwitch.CreationClassName="
                + quote("Msvm_VirtualEthernetSwitch") + ",Name=" + quote(switchName);
    }

    /**
     * The value of {@code key} in a WMI object path, unescaped; the whole text when it is not a path with that key
     * (some hosts and tools keep a bare InstanceID or name there).
     */
    static String pathKey(String path, String key) {
        if (path == null) {
            return null;
        }
        int at = keyStart(path, key);
        if (at < 0) {
            return path;
        }
        StringBuilder value = new StringBuilder();
        for (int i = at; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' && i + 1 < path.length()) {
                value.append(path.charAt(++i));
            } else if (c == '"') {
                break;
            } else {
                value.append(c);
            }
        }
        return value.toString();
    }

    /** The references among a method's out parameter values (ResultingResourceSettings …), in order. */
    static List<CimReference> references(CimInstance output, String parameter) {
        List<CimReference> refs = new ArrayList<>();
        if (output != null) {
            for (Object value : output.properties().getOrDefault(parameter, List.of())) {
                if (value instanceof CimReference ref) {
                    refs.add(ref);
                }
            }
        }
        return refs;
    }

    private static int keyStart(String path, String key) {
        for (String separator : new String[] {".", ","}) {
            int at = path.indexOf(separator + key + "=\"");
            if (at >= 0) {
                return at + separator.length() + key.length() + 2;
            }
        }
        return -1;
    }

    private static String quote(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
