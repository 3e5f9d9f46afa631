package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The CPU tuning of a domain, libvirt's {@code <cputune>} {@code <shares>}, {@code <period>} and
 * {@code <quota>}: the domain's relative CPU weight and its CPU bandwidth ({@code quota} µs of CPU time per
 * {@code period} µs). Each part is {@code null} when not given. The ranges are libvirt's (its cgroup limits),
 * checked as libvirt checks a definition: a shares value of 0 is kept (libvirt keeps it as given) and any
 * negative quota means no limit.
 *
 * @param shares       relative weight, 2…262144 (or 0), or {@code null}
 * @param periodMicros enforcement interval in µs, 1000…1000000, or {@code null}
 * @param quotaMicros  CPU time per period in µs, 1000…17592186044415 or negative (no limit), or {@code null}
 */
public record CpuTune(Long shares, Long periodMicros, Long quotaMicros) {

    /** libvirt's VIR_CGROUP_CPU_SHARES_MIN and the bounds below: its VIR_CGROUP_CPU_* limits. */
    public static final long SHARES_MIN = 2;
    public static final long SHARES_MAX = 262_144;
    public static final long PERIOD_MIN = 1_000;
    public static final long PERIOD_MAX = 1_000_000;
    public static final long QUOTA_MIN = 1_000;
    /** 2^44 - 1: the largest CFS quota the kernel takes, libvirt's upper bound. */
    public static final long QUOTA_MAX = 17_592_186_044_415L;

    public CpuTune {
        if (shares != null && (shares < 0 || shares > 0 && (shares < SHARES_MIN || shares > SHARES_MAX))) {
            throw outOfRange("shares", SHARES_MIN, SHARES_MAX);
        }
        if (periodMicros != null && (periodMicros < PERIOD_MIN || periodMicros > PERIOD_MAX)) {
            throw outOfRange("period", PERIOD_MIN, PERIOD_MAX);
        }
        if (quotaMicros != null && (quotaMicros == 0 || quotaMicros > 0 && (quotaMicros < QUOTA_MIN
                || quotaMicros > QUOTA_MAX))) {
            throw outOfRange("quota", QUOTA_MIN, QUOTA_MAX);
        }
    }

    /** Just a relative weight. */
    public static CpuTune ofShares(long shares) {
        return new CpuTune(shares, null, null);
    }

    /** Just a bandwidth limit: {@code quotaMicros} of CPU time every {@code periodMicros}. */
    public static CpuTune ofBandwidth(long quotaMicros, long periodMicros) {
        return new CpuTune(null, periodMicros, quotaMicros);
    }

    /** Whether nothing is tuned (such a {@code <cputune>} is not written). */
    public boolean isEmpty() {
        return shares == null && periodMicros == null && quotaMicros == null;
    }

    private static VirtException outOfRange(String name, long min, long max) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "Value of cputune '" + name + "' must be in range [" + min + ", " + max + "]");
    }
}
