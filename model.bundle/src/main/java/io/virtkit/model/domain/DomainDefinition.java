package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A domain's configuration: libvirt's domain XML as an immutable value. {@link DomainXmlCodec} reads and
 * writes it. Optional parts are {@code null} when absent.
 *
 * @param type             the hypervisor type ({@code test}, {@code qemu}, {@code kvm}, {@code lxc}, …)
 * @param name             the unique name (non-empty, no {@code /}, newline or NUL)
 * @param uuid             the unique id
 * @param title            a one-line title, or {@code null}
 * @param description      free text, or {@code null}
 * @param memoryKiB        the maximum memory in KiB ({@code <memory>})
 * @param currentMemoryKiB the memory the guest currently has in KiB ({@code <currentMemory>}), at most {@code memoryKiB}
 * @param vcpus            the number of virtual CPUs
 * @param vcpuPlacement    {@code static} or {@code auto}
 * @param os               how the guest boots
 * @param features         hypervisor features turned on ({@code acpi}, {@code apic}, {@code pae}, …)
 * @param cpuMode          the {@code <cpu mode>} ({@code host-model}, {@code host-passthrough}, …), or {@code null}
 * @param clock            the guest clock
 * @param onPoweroff       what happens when the guest powers off (no core dump actions)
 * @param onReboot         what happens when the guest reboots (no core dump actions)
 * @param onCrash          what happens when the guest crashes
 * @param devices          the guest's devices
 * @param idmap            a container's user namespace mapping ({@code <idmap>}), or {@code null} for none
 * @param cputune          CPU shares and bandwidth ({@code <cputune>}), or {@code null} for none
 */
public record DomainDefinition(String type, String name, UUID uuid, String title, String description,
        long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
        String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
        LifecycleAction onCrash, DomainDevices devices, IdMap idmap, CpuTune cputune) {

    /** A definition without {@code <cputune>} (the form before it existed). */
    public DomainDefinition(String type, String name, UUID uuid, String title, String description,
            long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
            String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
            LifecycleAction onCrash, DomainDevices devices, IdMap idmap) {
        this(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus, vcpuPlacement, os, features,
                cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, null);
    }

    /** A definition without {@code <idmap>} and {@code <cputune>} (the form before they existed). */
    public DomainDefinition(String type, String name, UUID uuid, String title, String description,
            long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
            String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
            LifecycleAction onCrash, DomainDevices devices) {
        this(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus, vcpuPlacement, os, features,
                cpuMode, clock, onPoweroff, onReboot, onCrash, devices, null, null);
    }

    public DomainDefinition {
        Objects.requireNonNull(type, "type");
        checkName(name);
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(vcpuPlacement, "vcpuPlacement");
        Objects.requireNonNull(os, "os");
        features = Collections.unmodifiableSet(new LinkedHashSet<>(features));
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(onPoweroff, "onPoweroff");
        Objects.requireNonNull(onReboot, "onReboot");
        Objects.requireNonNull(onCrash, "onCrash");
        Objects.requireNonNull(devices, "devices");
        checkAction("poweroff", onPoweroff);
        checkAction("reboot", onReboot);
        if (memoryKiB <= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "Memory size must be specified via <memory> or in the <numa> configuration");
        }
        if (currentMemoryKiB <= 0 || currentMemoryKiB > memoryKiB) {
            // libvirt clamps the balloon to the maximum rather than rejecting it.
            currentMemoryKiB = memoryKiB;
        }
        if (cputune != null && cputune.isEmpty()) {
            cputune = null; // an empty <cputune> is none, as libvirt formats it
        }
        if (vcpus < 1) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "Invalid number of vcpus '" + vcpus + "': must be at least 1");
        }
    }

    /**
     * A minimal definition: a name, memory and vCPUs with libvirt's defaults for the rest (random UUID, UTC
     * clock, destroy/restart/destroy, no devices).
     */
    public static DomainDefinition of(String type, String name, long memoryKiB, int vcpus, DomainOs os) {
        return new DomainDefinition(type, name, UUID.randomUUID(), null, null, memoryKiB, memoryKiB, vcpus, "static",
                os, Set.of(), null, DomainClock.UTC, LifecycleAction.DESTROY, LifecycleAction.RESTART,
                LifecycleAction.DESTROY, DomainDevices.NONE);
    }

    /** A copy with another UUID. */
    public DomainDefinition withUuid(UUID newUuid) {
        return new DomainDefinition(type, name, newUuid, title, description, memoryKiB, currentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune);
    }

    /** A copy with another name (e.g. for a rename). */
    public DomainDefinition withName(String newName) {
        return new DomainDefinition(type, newName, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune);
    }

    /** A copy with other memory sizes (current memory is clamped to the maximum). */
    public DomainDefinition withMemory(long newMemoryKiB, long newCurrentMemoryKiB) {
        return new DomainDefinition(type, name, uuid, title, description, newMemoryKiB, newCurrentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune);
    }

    /** A copy with another vCPU count. */
    public DomainDefinition withVcpus(int newVcpus) {
        return new DomainDefinition(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, newVcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune);
    }

    /** A copy with other devices. */
    public DomainDefinition withDevices(DomainDevices newDevices) {
        return new DomainDefinition(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, newDevices, idmap,
                cputune);
    }

    /** A copy with another user namespace mapping ({@code null}: none). */
    public DomainDefinition withIdmap(IdMap newIdmap) {
        return new DomainDefinition(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, newIdmap, cputune);
    }

    /** A copy with other CPU tuning ({@code null}: none). */
    public DomainDefinition withCputune(CpuTune newCputune) {
        return new DomainDefinition(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus,
                vcpuPlacement, os, features, cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, newCputune);
    }

    /** Core dumps only make sense after a crash: libvirt refuses them for power-off and reboot. */
    private static void checkAction(String event, LifecycleAction action) {
        if (action == LifecycleAction.COREDUMP_DESTROY || action == LifecycleAction.COREDUMP_RESTART) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                    "Lifecycle event '" + event + "' doesn't support '" + action.xmlName() + "' action");
        }
    }

    /**
     * Checks a domain name as libvirt does: present and non-empty, no {@code /} (names become file names),
     * no newline and no NUL.
     *
     * @throws VirtException with libvirt's code and message
     */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw VirtException.withMessage(ErrorCode.NO_NAME, ErrorDomain.DOMAIN, "missing name information");
        }
        if (name.indexOf('/') >= 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN, "name " + name + " cannot contain '/'");
        }
        for (char c : List.of('\n', '\0')) {
            if (name.indexOf(c) >= 0) {
                // libvirt reports this as a parser detail without a prefix.
                throw VirtException.withMessage(ErrorCode.XML_DETAIL, ErrorDomain.DOMAIN,
                        "invalid char in name: " + (c == '\0' ? "0x00" : "\n"));
            }
        }
    }
}
