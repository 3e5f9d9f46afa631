package io.virtkit.hyperv.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.virtkit.hyperv.internal.wsman.CimInstance;
import io.virtkit.hyperv.internal.wsman.Wql;

/**
 * The host's default settings for a new resource (a SCSI controller, a drive, a disk image, a COM port, a NIC and its
 * connection), the templates Hyper-V itself starts from: each Msvm_AllocationCapabilities (one per resource type and
 * subtype) is tied by Msvm_SettingsDefineCapabilities to four templates, the default (ValueRole 0), minimum, maximum
 * and increment, whose InstanceIDs end in {@code \Default}, {@code \Minimum} … All capabilities are read in one query
 * on first use, a subtype's templates by one association query when first needed; a host that offers no template
 * gets the bare instance libvirt sends (ResourceType and ResourceSubType only). (Microsoft's samples reach the
 * capabilities through the primordial Msvm_ResourcePool of the subtype; the capabilities' own ResourceType and
 * ResourceSubType name the same thing without that round trip.)
 */
final class HypervDefaults {

    private final HypervWmi wmi;
    private List<CimInstance> capabilities;
    private final Map<String, CimInstance> templates = new HashMap<>();

    HypervDefaults(HypervWmi wmi) {
        this.wmi = wmi;
    }

    /** The default {@code className} instance for this resource type and subtype (a copy to change). */
    CimInstance template(String className, int resourceType, String subType) {
        return templates.computeIfAbsent(resourceType + "|" + subType, k -> find(resourceType, subType)
                .orElseGet(() -> bare(className, resourceType, subType)));
    }

    private Optional<CimInstance> find(int resourceType, String subType) {
        if (capabilities == null) {
            capabilities = wmi.query(Wql.select("Msvm_AllocationCapabilities"));
        }
        for (CimInstance capability : capabilities) {
            if (String.valueOf(resourceType).equals(capability.get("ResourceType"))
                    && subType.equals(capability.get("ResourceSubType"))) {
                return wmi.query(Wql.associatorsOf(HypervObjects.reference("Msvm_AllocationCapabilities",
                        "InstanceID", capability.get("InstanceID"))).assocClass("Msvm_SettingsDefineCapabilities"))
                        .stream().filter(t -> t.get("InstanceID") != null && t.get("InstanceID").endsWith("\\Default"))
                        .findFirst();
            }
        }
        return Optional.empty();
    }

    /** What libvirt sends: an instance holding only the resource's type and subtype. */
    static CimInstance bare(String className, int resourceType, String subType) {
        return HypervObjects.newInstance(className).with("ResourceType", String.valueOf(resourceType))
                .with("ResourceSubType", Objects.requireNonNull(subType));
    }
}
