package io.virtkit.core.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;

/**
 * The argument checks libvirt's public memory and vCPU calls make before any driver sees them (its
 * {@code virCheckNonZeroArg}, the memory overflow check, {@code VIR_EXCLUSIVE_FLAGS} and
 * {@code VIR_REQUIRE_FLAG}), worded as libvirt words them, from the domain error domain.
 */
final class ResourceArgs {

    private ResourceArgs() {
    }

    /**
     * A memory size in KiB: not 0, and not so large that it overflows in bytes (libvirt's limit is a
     * 64-bit host's: {@code LLONG_MAX / 1024}; a negative Java long is a size above it).
     */
    static void memory(long kib, String function) {
        if (kib == 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "memory in " + function + " must not be zero");
        }
        if (kib < 0 || kib >= Long.MAX_VALUE / 1024) {
            throw new VirtException(ErrorCode.OVERFLOW, ErrorDomain.DOMAIN,
                    "input too large: " + Long.toUnsignedString(kib));
        }
    }

    /** {@code virDomainSetVcpusFlags}'s checks: MAXIMUM needs CONFIG, GUEST excludes CONFIG, count not 0. */
    static void setVcpus(int count, long flags, String function) {
        boolean config = (flags & VcpuFlag.CONFIG.bit()) != 0;
        if ((flags & VcpuFlag.MAXIMUM.bit()) != 0 && !config) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "Flag 'VIR_DOMAIN_AFFECT_CONFIG' is required by flag 'VIR_DOMAIN_VCPU_MAXIMUM'");
        }
        if ((flags & VcpuFlag.GUEST.bit()) != 0 && config) {
            throw exclusive("VIR_DOMAIN_VCPU_GUEST", "VIR_DOMAIN_AFFECT_CONFIG");
        }
        if (count == 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    "nvcpus in " + function + " must not be zero");
        }
    }

    /** LIVE and CONFIG together, refused where a call reads one definition. */
    static void liveOrConfig(long flags) {
        long both = MemoryModFlag.LIVE.bit() | MemoryModFlag.CONFIG.bit();
        if ((flags & both) == both) {
            throw exclusive("VIR_DOMAIN_AFFECT_LIVE", "VIR_DOMAIN_AFFECT_CONFIG");
        }
    }

    /** {@code virCheckNonNullArg}. */
    static void nonNull(Object value, String name, String function) {
        if (value == null) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    name + " in " + function + " must not be NULL");
        }
    }

    private static VirtException exclusive(String a, String b) {
        return VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                "Flags '" + a + "' and '" + b + "' are mutually exclusive");
    }
}
