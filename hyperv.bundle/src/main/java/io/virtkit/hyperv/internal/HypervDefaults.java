package io.virtkit.hyperv.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.CimReference;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The host's default settings for a new resource (a SCSI controller, a drive, a disk image, a COM port, a NIC and its
 * connection), the templates Hyper-V itself starts from: each Msvm_AllocationCapabilities (one per resource type and
 * subtype) is tied by an Msvm_SettingsDefineCapabilities with ValueRole 0 ("Default") to a template setting data
 * instance. All capabilities and their ties are read in two queries on first use, a template by one Get when first
 * needed; a host that offers no template gets the bare instance libvirt sends (ResourceType and ResourceSubType
 * only). (Microsoft's samples reach the capabilities through the primordial Msvm_ResourcePool of the subtype; the
 * capabilities' own ResourceType/ResourceSubType name the same thing without that round trip.)
 */
final class HypervDefaults {

    private static final String DEFAULT_VALUE_ROLE = "0";

    private final HypervWmi wmi;
    private Map<String, CimReference> templateByCapabilities;
    private List<CimInstance> capabilities;
    private final Map<String, CimInstance> templates = new HashMap<>();

    HypervDefaults(HypervWmi wmi) {
        this.wmi = wmi;
    }

    /** The default {@code className} instance for this resource type and subtype (a copy to change). */
    CimInstance template(String className, int resourceType, String subType) {
        String key = resourceType + "|" + subType;
        return templates.computeIfAbsent(key, k -> find(resourceType, subType)
                .orElseGet(() -> bare(className, resourceType, subType)));
    }

    private Optional<CimInstance> find(int resourceType, String subType) {
        load();
        for (CimInstance capability : capabilities) {
            if (String.valueOf(resourceType).equals(capability.get("ResourceType"))
                    && subType.equals(capability.get("ResourceSubType"))) {
                CimReference template = templateByCapabilities.get(capability.get("InstanceID"));
                if (template != null) {
                    return Optional.of(wmi.get(template));
                }
            }
        }
        return Optional.empty();
    }

    private void load() {
        if (capabilities != null) {
            return;
        }
        capabilities = wmi.query(Wql.select("Msvm_AllocationCapabilities"));
        templateByCapabilities = new HashMap<>();
        for (CimInstance tie : wmi.query(Wql.select("Msvm_SettingsDefineCapabilities"))) {
            CimReference group = tie.reference("GroupComponent");
            CimReference part = tie.reference("PartComponent");
            if (DEFAULT_VALUE_ROLE.equals(tie.get("ValueRole")) && group != null && part != null) {
                templateByCapabilities.put(group.selectors().get("InstanceID"), part);
            }
        }
    }

    /** What libvirt sends: an instance holding only the resource's type and subtype. */
    static CimInstance bare(String className, int resourceType, String subType) {
        return HypervObjects.newInstance(className).with("ResourceType", String.valueOf(resourceType))
                .with("ResourceSubType", Objects.requireNonNull(subType));
    }
}
