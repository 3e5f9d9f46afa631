package io.virtkit.esx.internal;

import java.util.List;
import java.util.UUID;

import io.virtkit.api.DomainState;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;

/**
 * What the driver reads of a virtual machine in one batch: its reference, name (vSphere's %-escapes undone),
 * BIOS UUID, power state, the {@code .vmx}'s datastore path, memory and vCPUs.
 */
record EsxVm(MoRef ref, String name, UUID uuid, String powerState, String vmxPath, long memoryMiB,
        long memoryLimitMiB, int vcpus) {

    /** The properties {@link #of} needs, for the property collector. */
    static final List<String> PROPERTIES = List.of("name", "config.uuid", "runtime.powerState",
            "config.files.vmPathName", "config.hardware.memoryMB", "config.hardware.numCPU",
            "config.memoryAllocation.limit");

    static EsxVm of(ObjectContent content) {
        String uuid = content.text("config.uuid");
        if (uuid == null || uuid.isEmpty()) {
            return null; // a VM still being created or inaccessible: it has no identity yet
        }
        return new EsxVm(content.obj(), unescape(content.text("name")), UUID.fromString(uuid),
                content.text("runtime.powerState"), content.text("config.files.vmPathName"),
                content.number("config.hardware.memoryMB", 0), content.number("config.memoryAllocation.limit", -1),
                (int) content.number("config.hardware.numCPU", 1));
    }

    /** libvirt's mapping: powered on runs, suspended is paused, powered off is shut off. */
    DomainState state() {
        return switch (powerState == null ? "" : powerState) {
            case "poweredOn" -> DomainState.RUNNING;
            case "suspended" -> DomainState.PAUSED;
            case "poweredOff" -> DomainState.SHUTOFF;
            default -> DomainState.NOSTATE;
        };
    }

    boolean isActive() {
        return state() != DomainState.SHUTOFF;
    }

    /** The id libvirt shows: the reference's number (ESX {@code 9}, vCenter {@code vm-9}) while it runs. */
    int id() {
        return isActive() ? referenceNumber(ref) : -1;
    }

    static int referenceNumber(MoRef ref) {
        String value = ref.value().startsWith("vm-") ? ref.value().substring(3) : ref.value();
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw EsxErrors.internal("Could not parse positive integer from '" + ref.value() + "'");
        }
    }

    DomainRef toRef() {
        return new DomainRef(name, uuid, id());
    }

    /** vSphere escapes '%', '/' and '\' in inventory names as %25, %2f, %5c. */
    static String unescape(String name) {
        if (name == null || name.indexOf('%') < 0) {
            return name;
        }
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '%' && i + 2 < name.length()) {
                String hex = name.substring(i + 1, i + 3);
                try {
                    out.append((char) Integer.parseInt(hex, 16));
                    i += 2;
                    continue;
                } catch (NumberFormatException e) {
                    // not an escape: kept as it is
                }
            }
            out.append(c);
        }
        return out.toString();
    }

    /** The name as vSphere stores it. */
    static String escape(String name) {
        return name.replace("%", "%25").replace("/", "%2f").replace("\\", "%5c");
    }
}
