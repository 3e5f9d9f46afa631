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
 * @param elements         the top-level elements outside {@code <devices>} without a field here: only
 *                         {@code <metadata>}, kept verbatim as immutable trees
 * @param tuning           {@code <memtune>}, {@code <blkiotune>}, {@code <numatune>}, {@code <memoryBacking>} and
 *                         {@code <resource>}, or {@code null} for none
 * @param sysinfo          the {@code <sysinfo>} tables in document order
 * @param platform         {@code <genid>}, {@code <bootloader>}, {@code <bootloader_args>},
 *                         {@code <on_lockfailure>}, {@code <pm>} and {@code <perf>}, or {@code null} for none
 * @param security         {@code <seclabel>}, {@code <keywrap>} and {@code <launchSecurity>}, or {@code null} for none
 * @param namespaces       the elements of the drivers' namespaces ({@code qemu:commandline} …), or {@code null}
 *                         for none
 * @param cpu              the rest of {@code <cpu>} (model, topology, features, NUMA …), or {@code null}
 * @param featureSettings  the rest of {@code <features>} (features off, hyperv, kvm, smm tseg …), or {@code null}
 * @param vcpuSettings     {@code <vcpu current cpuset>} and {@code <vcpus>}, or {@code null}
 * @param iothreads        {@code <iothreads>}, {@code <iothreadids>} and {@code <defaultiothread>}, or {@code null}
 * @param maxMemory        {@code <maxMemory>}, or {@code null}
 */
public record DomainDefinition(String type, String name, UUID uuid, String title, String description,
        long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
        String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
        LifecycleAction onCrash, DomainDevices devices, IdMap idmap, CpuTune cputune, List<DomainElement> elements,
        DomainTuning tuning, List<DomainSysinfo> sysinfo, DomainPlatform platform, DomainSecurity security,
        DomainNamespaces namespaces, DomainCpu cpu, DomainFeatures featureSettings, DomainVcpus vcpuSettings,
        DomainIothreads iothreads, MaxMemory maxMemory) {

    /**
     * A definition without the typed tuning, sysinfo, platform, security, namespace, cpu, features, vCPU, I/O
     * thread and maxMemory parts (the form before them).
     */
    public DomainDefinition(String type, String name, UUID uuid, String title, String description,
            long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
            String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
            LifecycleAction onCrash, DomainDevices devices, IdMap idmap, CpuTune cputune,
            List<DomainElement> elements) {
        this(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus, vcpuPlacement, os, features,
                cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune, elements, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** A definition without other top-level elements (the form before they existed). */
    public DomainDefinition(String type, String name, UUID uuid, String title, String description,
            long memoryKiB, long currentMemoryKiB, int vcpus, String vcpuPlacement, DomainOs os, Set<String> features,
            String cpuMode, DomainClock clock, LifecycleAction onPoweroff, LifecycleAction onReboot,
            LifecycleAction onCrash, DomainDevices devices, IdMap idmap, CpuTune cputune) {
        this(type, name, uuid, title, description, memoryKiB, currentMemoryKiB, vcpus, vcpuPlacement, os, features,
                cpuMode, clock, onPoweroff, onReboot, onCrash, devices, idmap, cputune, List.of());
    }

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
        elements = elements == null ? List.of() : List.copyOf(elements);
        tuning = tuning == null || tuning.isEmpty() ? null : tuning;
        sysinfo = sysinfo == null ? List.of() : List.copyOf(sysinfo);
        platform = platform == null || platform.isEmpty() ? null : platform;
        security = security == null || security.isEmpty() ? null : security;
        namespaces = namespaces == null || namespaces.isEmpty() ? null : namespaces;
        if (cputune != null && cputune.isEmpty()) {
            cputune = null; // an empty <cputune> is none, as libvirt formats it
        }
        cpu = cpu == null || cpu.isEmpty() ? null : cpu; // empty typed parts are none, as libvirt formats them
        featureSettings = featureSettings == null || featureSettings.isEmpty() ? null : featureSettings;
        vcpuSettings = vcpuSettings == null || vcpuSettings.isEmpty() ? null : vcpuSettings;
        iothreads = iothreads == null || iothreads.isEmpty() ? null : iothreads;
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
        return builder().type(type).name(name).memoryKiB(memoryKiB).vcpus(vcpus).os(os).build();
    }

    /** A copy with another UUID. */
    public DomainDefinition withUuid(UUID newUuid) {
        return toBuilder().uuid(newUuid).build();
    }

    /** A copy with another name (e.g. for a rename). */
    public DomainDefinition withName(String newName) {
        return toBuilder().name(newName).build();
    }

    /** A copy with other memory sizes (current memory is clamped to the maximum). */
    public DomainDefinition withMemory(long newMemoryKiB, long newCurrentMemoryKiB) {
        return toBuilder().memoryKiB(newMemoryKiB).currentMemoryKiB(newCurrentMemoryKiB).build();
    }

    /** A copy with another vCPU count. */
    public DomainDefinition withVcpus(int newVcpus) {
        return toBuilder().vcpus(newVcpus).build();
    }

    /** A copy with other devices. */
    public DomainDefinition withDevices(DomainDevices newDevices) {
        return toBuilder().devices(newDevices).build();
    }

    /** A copy with another user namespace mapping ({@code null}: none). */
    public DomainDefinition withIdmap(IdMap newIdmap) {
        return toBuilder().idmap(newIdmap).build();
    }

    /** A copy with other CPU tuning ({@code null}: none). */
    public DomainDefinition withCputune(CpuTune newCputune) {
        return toBuilder().cputune(newCputune).build();
    }

    /** The top-level element (or the remaining part of one) of that name in no namespace, {@code null} if none. */
    public DomainElement element(String elementName) {
        return element(null, elementName);
    }

    /** The top-level element of that namespace URI ({@code null}: none) and local name, {@code null} if none. */
    public DomainElement element(String namespace, String elementName) {
        for (DomainElement e : elements) {
            if (e.name().equals(elementName) && java.util.Objects.equals(e.namespace(), namespace)) {
                return e;
            }
        }
        return null;
    }

    /** A copy with other top-level elements ({@link #elements()}). */
    public DomainDefinition withElements(List<DomainElement> newElements) {
        return toBuilder().elements(newElements).build();
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

    /**
     * A builder with libvirt's defaults: one vCPU, UTC clock, destroy/restart/destroy, no devices, a random
     * UUID unless one is set, current memory equal to the maximum unless set.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this record's values, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.type = type;
        b.name = name;
        b.uuid = uuid;
        b.title = title;
        b.description = description;
        b.memoryKiB = memoryKiB;
        b.currentMemoryKiB = currentMemoryKiB;
        b.vcpus = vcpus;
        b.vcpuPlacement = vcpuPlacement;
        b.os = os;
        b.features = new LinkedHashSet<>(features);
        b.cpuMode = cpuMode;
        b.clock = clock;
        b.onPoweroff = onPoweroff;
        b.onReboot = onReboot;
        b.onCrash = onCrash;
        b.devices = devices;
        b.idmap = idmap;
        b.cputune = cputune;
        b.elements = elements;
        b.tuning = tuning;
        b.sysinfo = sysinfo;
        b.platform = platform;
        b.security = security;
        b.namespaces = namespaces;
        b.cpu = cpu;
        b.featureSettings = featureSettings;
        b.vcpuSettings = vcpuSettings;
        b.iothreads = iothreads;
        b.maxMemory = maxMemory;
        return b;
    }

    /** Builds a {@link DomainDefinition} one component at a time; {@link #build()} checks it as the constructor. */
    public static final class Builder {
        private String type;
        private String name;
        private UUID uuid;
        private String title;
        private String description;
        private long memoryKiB;
        private long currentMemoryKiB;
        private int vcpus = 1;
        private String vcpuPlacement = "static";
        private DomainOs os;
        private Set<String> features = new LinkedHashSet<>();
        private String cpuMode;
        private DomainClock clock = DomainClock.UTC;
        private LifecycleAction onPoweroff = LifecycleAction.DESTROY;
        private LifecycleAction onReboot = LifecycleAction.RESTART;
        private LifecycleAction onCrash = LifecycleAction.DESTROY;
        private DomainDevices devices = DomainDevices.NONE;
        private IdMap idmap;
        private CpuTune cputune;
        private List<DomainElement> elements = List.of();
        private DomainTuning tuning;
        private List<DomainSysinfo> sysinfo = List.of();
        private DomainPlatform platform;
        private DomainSecurity security;
        private DomainNamespaces namespaces;
        private DomainCpu cpu;
        private DomainFeatures featureSettings;
        private DomainVcpus vcpuSettings;
        private DomainIothreads iothreads;
        private MaxMemory maxMemory;

        private Builder() {
        }

        public Builder type(String value) {
            this.type = value;
            return this;
        }

        public Builder name(String value) {
            this.name = value;
            return this;
        }

        public Builder uuid(UUID value) {
            this.uuid = value;
            return this;
        }

        public Builder title(String value) {
            this.title = value;
            return this;
        }

        public Builder description(String value) {
            this.description = value;
            return this;
        }

        public Builder memoryKiB(long value) {
            this.memoryKiB = value;
            return this;
        }

        public Builder currentMemoryKiB(long value) {
            this.currentMemoryKiB = value;
            return this;
        }

        public Builder vcpus(int value) {
            this.vcpus = value;
            return this;
        }

        public Builder vcpuPlacement(String value) {
            this.vcpuPlacement = value;
            return this;
        }

        public Builder os(DomainOs value) {
            this.os = value;
            return this;
        }

        public Builder features(Set<String> value) {
            this.features = new LinkedHashSet<>(value);
            return this;
        }

        /** Turns one feature on. */
        public Builder feature(String value) {
            this.features.add(value);
            return this;
        }

        public Builder cpuMode(String value) {
            this.cpuMode = value;
            return this;
        }

        public Builder clock(DomainClock value) {
            this.clock = value;
            return this;
        }

        public Builder onPoweroff(LifecycleAction value) {
            this.onPoweroff = value;
            return this;
        }

        public Builder onReboot(LifecycleAction value) {
            this.onReboot = value;
            return this;
        }

        public Builder onCrash(LifecycleAction value) {
            this.onCrash = value;
            return this;
        }

        public Builder devices(DomainDevices value) {
            this.devices = value;
            return this;
        }

        public Builder idmap(IdMap value) {
            this.idmap = value;
            return this;
        }

        public Builder cputune(CpuTune value) {
            this.cputune = value;
            return this;
        }

        /** The other top-level elements ({@link DomainDefinition#elements()}). */
        public Builder elements(List<DomainElement> value) {
            this.elements = value;
            return this;
        }

        public Builder tuning(DomainTuning value) {
            this.tuning = value;
            return this;
        }

        public Builder sysinfo(List<DomainSysinfo> value) {
            this.sysinfo = value;
            return this;
        }

        public Builder platform(DomainPlatform value) {
            this.platform = value;
            return this;
        }

        public Builder security(DomainSecurity value) {
            this.security = value;
            return this;
        }

        public Builder namespaces(DomainNamespaces value) {
            this.namespaces = value;
            return this;
        }

        public Builder cpu(DomainCpu value) {
            this.cpu = value;
            return this;
        }

        public Builder featureSettings(DomainFeatures value) {
            this.featureSettings = value;
            return this;
        }

        public Builder vcpuSettings(DomainVcpus value) {
            this.vcpuSettings = value;
            return this;
        }

        public Builder iothreads(DomainIothreads value) {
            this.iothreads = value;
            return this;
        }

        public Builder maxMemory(MaxMemory value) {
            this.maxMemory = value;
            return this;
        }

        public DomainDefinition build() {
            return new DomainDefinition(type, name, uuid == null ? UUID.randomUUID() : uuid, title, description,
                    memoryKiB, currentMemoryKiB, vcpus, vcpuPlacement, os, features, cpuMode, clock, onPoweroff,
                    onReboot, onCrash, devices, idmap, cputune, elements, tuning, sysinfo, platform, security,
                    namespaces, cpu, featureSettings, vcpuSettings, iothreads, maxMemory);
        }
    }
}
