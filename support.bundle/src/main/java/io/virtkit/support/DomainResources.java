package io.virtkit.support;

import java.util.ArrayList;
import java.util.List;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainVcpus;

/**
 * What every driver does the same way for {@code virDomainSetMemoryFlags} and {@code virDomainSetVcpusFlags}:
 * resolving which definitions a call affects (libvirt's {@code virDomainObjUpdateModificationImpact}) and
 * changing memory sizes and vCPU counts in a definition (its {@code virDomainDefSetVcpus},
 * {@code virDomainDefSetVcpusMax}, {@code virDomainDefSetMemoryTotal}).
 *
 * @since 1.4
 */
public final class DomainResources {

    private DomainResources() {
    }

    /** Which definitions a change or read applies to, after resolving CURRENT. */
    public record Impact(boolean live, boolean config) {
    }

    private static final long LIVE = MemoryModFlag.LIVE.bit();
    private static final long CONFIG = MemoryModFlag.CONFIG.bit();

    /**
     * Resolves the LIVE/CONFIG bits of {@code flags} (the same in every libvirt modification enum): none means
     * the live definition of an active domain, else the persistent one; both may be set.
     *
     * @throws VirtException OPERATION_INVALID "domain is not running" for LIVE on an inactive domain,
     *         "transient domains do not have any persistent config" for CONFIG on a transient one
     */
    public static Impact impact(boolean active, boolean persistent, long flags) {
        boolean live = (flags & LIVE) != 0;
        boolean config = (flags & CONFIG) != 0;
        if (!live && !config) {
            live = active;
            config = !active;
        }
        if (live && !active) {
            throw DomainErrors.notRunning();
        }
        if (config && !persistent) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.DOMAIN,
                    "transient domains do not have any persistent config");
        }
        return new Impact(live, config);
    }

    /**
     * As {@link #impact}, for calls that act on one definition only (libvirt's {@code virDomainObjGetOneDef}):
     * LIVE with CONFIG is refused.
     */
    public static Impact oneDefinition(boolean active, boolean persistent, long flags) {
        if ((flags & (LIVE | CONFIG)) == (LIVE | CONFIG)) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Flags 'VIR_DOMAIN_AFFECT_LIVE' and 'VIR_DOMAIN_AFFECT_CONFIG' are mutually exclusive");
        }
        return impact(active, persistent, flags);
    }

    /** The vCPUs enabled at start ({@code <vcpu current>}, all when absent). */
    public static int currentVcpus(DomainDefinition def) {
        DomainVcpus s = def.vcpuSettings();
        return s == null || s.current() == null ? def.vcpus() : s.current();
    }

    /**
     * {@code def} with {@code count} vCPUs enabled (at most its maximum, which the caller checked): the first
     * {@code count} of a {@code <vcpus>} list are marked enabled, the rest disabled.
     */
    public static DomainDefinition withCurrentVcpus(DomainDefinition def, int count) {
        DomainVcpus s = def.vcpuSettings();
        String cpuset = s == null ? null : s.cpuset();
        List<DomainVcpus.Vcpu> list = new ArrayList<>();
        if (s != null) {
            for (DomainVcpus.Vcpu v : s.vcpus()) {
                list.add(new DomainVcpus.Vcpu(v.id(), v.id() < count, v.hotpluggable(), v.order()));
            }
        }
        Integer current = count >= def.vcpus() ? null : count;
        return def.toBuilder().vcpuSettings(new DomainVcpus(current, cpuset, list)).build();
    }

    /**
     * {@code def} with a maximum of {@code max} vCPUs: fewer enabled ones are kept, more are cut to the maximum;
     * a {@code <vcpus>} list is cut or grown by disabled entries, as libvirt's.
     */
    public static DomainDefinition withMaxVcpus(DomainDefinition def, int max) {
        int current = Math.min(currentVcpus(def), max);
        DomainVcpus s = def.vcpuSettings();
        String cpuset = s == null ? null : s.cpuset();
        List<DomainVcpus.Vcpu> list = new ArrayList<>();
        if (s != null && !s.vcpus().isEmpty()) {
            for (DomainVcpus.Vcpu v : s.vcpus()) {
                if (v.id() < max) {
                    list.add(new DomainVcpus.Vcpu(v.id(), v.id() < current, v.hotpluggable(), v.order()));
                }
            }
            for (int id = s.vcpus().size(); id < max; id++) {
                list.add(new DomainVcpus.Vcpu(id, id < current, null, null));
            }
        }
        return def.toBuilder().vcpus(max).vcpuSettings(new DomainVcpus(current >= max ? null : current, cpuset, list))
                .build();
    }

    /** {@code def} with {@code kib} as its memory ({@code <memory>}); a larger balloon is cut to it. */
    public static DomainDefinition withMaxMemory(DomainDefinition def, long kib) {
        return def.withMemory(kib, Math.min(def.currentMemoryKiB(), kib));
    }

    /** {@code def} with {@code kib} as its balloon ({@code <currentMemory>}), at most its memory (checked). */
    public static DomainDefinition withCurrentMemory(DomainDefinition def, long kib) {
        return def.withMemory(def.memoryKiB(), kib);
    }
}
