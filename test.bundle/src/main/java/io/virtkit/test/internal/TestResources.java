package io.virtkit.test.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.DomainResources;

/**
 * Memory and vCPU counts of a test domain, as libvirt's test driver keeps them: only the definitions change
 * (there is no guest), the live one while active, the persistent one with CONFIG. Every check runs before the
 * first change, so a refused call leaves both definitions as they were. Called under the domains' lock.
 */
final class TestResources {

    /** libvirt's test driver's {@code virConnectGetMaxVcpus}. */
    static final int MAX_VCPUS = 32;

    private TestResources() {
    }

    /** {@code virDomainSetMemoryFlags}: the balloon, or with MAXIMUM the memory of an inactive definition. */
    static void setMemory(DomainObject d, long kib, long flags) {
        DomainResources.Impact impact = DomainResources.oneDefinition(d.isActive(), d.persistent, flags);
        DomainDefinition def = impact.live() ? d.def : d.persistentDef();
        DomainDefinition changed;
        if ((flags & MemoryModFlag.MAXIMUM.bit()) != 0) {
            if (impact.live()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                        "cannot resize the maximum memory on an active domain");
            }
            if (def.cpu() != null && !def.cpu().cells().isEmpty()) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                        "initial memory size of a domain with NUMA nodes cannot be modified with this API");
            }
            if (def.maxMemory() != null && def.maxMemory().kib() > 0 && def.maxMemory().kib() < kib) {
                throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.TEST,
                        "cannot set initial memory size greater than the maximum memory size");
            }
            changed = DomainResources.withMaxMemory(def, kib);
        } else {
            if (kib > def.memoryKiB()) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                        "cannot set memory higher than max memory");
            }
            changed = DomainResources.withCurrentMemory(def, kib);
        }
        if (impact.live()) {
            replaceLive(d, changed);
        } else {
            replacePersistent(d, changed);
        }
    }

    /** {@code virDomainSetVcpusFlags}: the enabled count of each affected definition, or the persistent maximum. */
    static void setVcpus(DomainObject d, int count, long flags) {
        if (Integer.compareUnsigned(count, MAX_VCPUS) > 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "requested cpu amount exceeds maximum supported amount (" + Integer.toUnsignedString(count)
                            + " > " + MAX_VCPUS + ")");
        }
        DomainResources.Impact impact = DomainResources.impact(d.isActive(), d.persistent, flags);
        boolean maximum = (flags & VcpuFlag.MAXIMUM.bit()) != 0;
        DomainDefinition live = impact.live() ? d.def : null;
        DomainDefinition config = impact.config() ? d.persistentDef() : null;
        if (live != null) {
            checkWithinMaximum(count, live);
        }
        if (config != null && !maximum) {
            checkWithinMaximum(count, config);
        }
        if (live != null) {
            replaceLive(d, DomainResources.withCurrentVcpus(live, count));
        }
        if (config != null) {
            replacePersistent(d, maximum ? DomainResources.withMaxVcpus(config, count)
                    : DomainResources.withCurrentVcpus(config, count));
        }
    }

    /** {@code virDomainGetVcpusFlags}: the enabled count, or with MAXIMUM the maximum, of one definition. */
    static int vcpus(DomainObject d, long flags) {
        DomainResources.Impact impact = DomainResources.oneDefinition(d.isActive(), d.persistent, flags);
        DomainDefinition def = impact.live() ? d.def : d.persistentDef();
        return (flags & VcpuFlag.MAXIMUM.bit()) != 0 ? def.vcpus() : DomainResources.currentVcpus(def);
    }

    private static void checkWithinMaximum(int count, DomainDefinition def) {
        if (count > def.vcpus()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.TEST,
                    "requested cpu amount exceeds maximum (" + count + " > " + def.vcpus() + ")");
        }
    }

    /** The running definition becomes {@code changed}; the persistent one stays as it was. */
    private static void replaceLive(DomainObject d, DomainDefinition changed) {
        if (d.persistent && d.nextDef == null) {
            d.nextDef = d.def;
        }
        d.def = changed;
    }

    /** The persistent definition becomes {@code changed} (taking effect at the next start while active). */
    private static void replacePersistent(DomainObject d, DomainDefinition changed) {
        if (d.isActive()) {
            d.nextDef = changed;
        } else {
            d.def = changed;
        }
    }
}
