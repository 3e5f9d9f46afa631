package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/**
 * The CPU tuning of a domain, libvirt's {@code <cputune>}: the domain's relative CPU weight and its CPU
 * bandwidth ({@code quota} µs of CPU time per {@code period} µs), the bandwidth of the whole domain, of its
 * emulator and I/O threads, pinning, scheduling, cache and memory bandwidth allocation. Each part is
 * {@code null} (lists empty) when not given. The ranges are libvirt's (its cgroup limits),
 * checked as libvirt checks a definition: a shares value of 0 is kept (libvirt keeps it as given) and any
 * negative quota means no limit.
 *
 * @param shares       relative weight, 2…262144 (or 0), or {@code null}
 * @param periodMicros enforcement interval in µs, 1000…1000000, or {@code null}
 * @param quotaMicros  CPU time per period in µs, 1000…17592186044415 or negative (no limit), or {@code null}
 * @param globalPeriod   {@code <global_period>}, as {@code periodMicros}
 * @param globalQuota    {@code <global_quota>}, as {@code quotaMicros}
 * @param emulatorPeriod {@code <emulator_period>}, as {@code periodMicros}
 * @param emulatorQuota  {@code <emulator_quota>}, as {@code quotaMicros}
 * @param iothreadPeriod {@code <iothread_period>}, as {@code periodMicros}
 * @param iothreadQuota  {@code <iothread_quota>}, as {@code quotaMicros}
 * @param vcpupins       {@code <vcpupin>}: a vCPU's host CPUs
 * @param emulatorpin    {@code <emulatorpin cpuset>}, or {@code null}
 * @param iothreadpins   {@code <iothreadpin>}: an I/O thread's host CPUs
 * @param vcpuscheds     {@code <vcpusched>}: the scheduler of some vCPUs
 * @param iothreadscheds {@code <iothreadsched>}: the scheduler of some I/O threads
 * @param emulatorsched  {@code <emulatorsched>}, or {@code null}
 * @param cachetunes     {@code <cachetune>}: cache allocations and monitors of some vCPUs
 * @param memorytunes    {@code <memorytune>}: memory bandwidth allocations of some vCPUs
 */
public record CpuTune(Long shares, Long periodMicros, Long quotaMicros, Long globalPeriod, Long globalQuota,
        Long emulatorPeriod, Long emulatorQuota, Long iothreadPeriod, Long iothreadQuota, List<Pin> vcpupins,
        String emulatorpin, List<Pin> iothreadpins, List<Sched> vcpuscheds, List<Sched> iothreadscheds,
        Sched emulatorsched, List<CacheTune> cachetunes, List<MemoryTune> memorytunes) {

    /** libvirt's VIR_CGROUP_CPU_SHARES_MIN and the bounds below: its VIR_CGROUP_CPU_* limits. */
    public static final long SHARES_MIN = 2;
    public static final long SHARES_MAX = 262_144;
    public static final long PERIOD_MIN = 1_000;
    public static final long PERIOD_MAX = 1_000_000;
    public static final long QUOTA_MIN = 1_000;
    /** 2^44 - 1: the largest CFS quota the kernel takes, libvirt's upper bound. */
    public static final long QUOTA_MAX = 17_592_186_044_415L;

    /** Shares and bandwidth only (the form before the rest was typed). */
    public CpuTune(Long shares, Long periodMicros, Long quotaMicros) {
        this(shares, periodMicros, quotaMicros, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null);
    }

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
        checkPeriod("global_period", globalPeriod);
        checkPeriod("emulator_period", emulatorPeriod);
        checkPeriod("iothread_period", iothreadPeriod);
        checkQuota("global_quota", globalQuota);
        checkQuota("emulator_quota", emulatorQuota);
        checkQuota("iothread_quota", iothreadQuota);
        vcpupins = DomainValues.list(vcpupins);
        iothreadpins = DomainValues.list(iothreadpins);
        vcpuscheds = DomainValues.list(vcpuscheds);
        iothreadscheds = DomainValues.list(iothreadscheds);
        cachetunes = DomainValues.list(cachetunes);
        memorytunes = DomainValues.list(memorytunes);
    }

    private static void checkPeriod(String name, Long value) {
        if (value != null && (value < PERIOD_MIN || value > PERIOD_MAX)) {
            throw outOfRange(name, PERIOD_MIN, PERIOD_MAX);
        }
    }

    private static void checkQuota(String name, Long value) {
        if (value != null && (value == 0 || value > 0 && (value < QUOTA_MIN || value > QUOTA_MAX))) {
            throw outOfRange(name, QUOTA_MIN, QUOTA_MAX);
        }
    }

    /** A builder, empty. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this tuning's values. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.shares = shares;
        b.periodMicros = periodMicros;
        b.quotaMicros = quotaMicros;
        b.globalPeriod = globalPeriod;
        b.globalQuota = globalQuota;
        b.emulatorPeriod = emulatorPeriod;
        b.emulatorQuota = emulatorQuota;
        b.iothreadPeriod = iothreadPeriod;
        b.iothreadQuota = iothreadQuota;
        b.vcpupins = vcpupins;
        b.emulatorpin = emulatorpin;
        b.iothreadpins = iothreadpins;
        b.vcpuscheds = vcpuscheds;
        b.iothreadscheds = iothreadscheds;
        b.emulatorsched = emulatorsched;
        b.cachetunes = cachetunes;
        b.memorytunes = memorytunes;
        return b;
    }

    /** Whether anything beyond {@code shares}, {@code period} and {@code quota} is given. */
    public boolean hasMoreThanBandwidth() {
        return !new CpuTune(null, null, null, globalPeriod, globalQuota, emulatorPeriod, emulatorQuota,
                iothreadPeriod, iothreadQuota, vcpupins, emulatorpin, iothreadpins, vcpuscheds, iothreadscheds,
                emulatorsched, cachetunes, memorytunes).isEmpty();
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
        return shares == null && periodMicros == null && quotaMicros == null && globalPeriod == null
                && globalQuota == null && emulatorPeriod == null && emulatorQuota == null && iothreadPeriod == null
                && iothreadQuota == null && vcpupins.isEmpty() && emulatorpin == null && iothreadpins.isEmpty()
                && vcpuscheds.isEmpty() && iothreadscheds.isEmpty() && emulatorsched == null && cachetunes.isEmpty()
                && memorytunes.isEmpty();
    }

    private static VirtException outOfRange(String name, long min, long max) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.DOMAIN,
                "Value of cputune '" + name + "' must be in range [" + min + ", " + max + "]");
    }

    /** {@code <vcpupin vcpu cpuset>} or {@code <iothreadpin iothread cpuset>}. */
    public record Pin(int id, String cpuset) {
        public Pin {
            DomainValues.nonNegative(id, "id", "pin");
            java.util.Objects.requireNonNull(cpuset, "cpuset");
        }
    }

    /**
     * {@code <vcpusched>}, {@code <iothreadsched>} ({@code ids} the vCPUs or I/O threads, a set like
     * {@code 0-3,^2}) or {@code <emulatorsched>} (no ids): the scheduler and, for fifo and rr, the priority.
     */
    public record Sched(String ids, String scheduler, Integer priority) {
        public static final List<String> SCHEDULERS = List.of("batch", "idle", "fifo", "rr");

        public Sched {
            java.util.Objects.requireNonNull(scheduler, "scheduler");
            DomainValues.choice(scheduler, "scheduler", "sched", SCHEDULERS);
        }
    }

    /** {@code <cachetune>}: the cache banks allocated to some vCPUs and the monitors over them. */
    public record CacheTune(String vcpus, String id, List<CacheBank> caches, List<Monitor> monitors) {
        public CacheTune {
            java.util.Objects.requireNonNull(vcpus, "vcpus");
            caches = DomainValues.list(caches);
            monitors = DomainValues.list(monitors);
        }
    }

    /** A {@code <cachetune><cache>}: a cache of a level and type on one host cache bank, its size in a unit. */
    public record CacheBank(int id, int level, String type, long size, String unit) {
        public CacheBank {
            DomainValues.choice(type, "type", "cache", List.of("both", "code", "data"));
        }
    }

    /** A {@code <monitor>} of a cachetune ({@code level}) or memorytune (no level). */
    public record Monitor(Integer level, String vcpus) {
    }

    /** {@code <memorytune>}: memory bandwidth (percent) per host node for some vCPUs, and its monitors. */
    public record MemoryTune(String vcpus, List<MemoryNode> nodes, List<Monitor> monitors) {
        public MemoryTune {
            java.util.Objects.requireNonNull(vcpus, "vcpus");
            nodes = DomainValues.list(nodes);
            monitors = DomainValues.list(monitors);
        }
    }

    /** A {@code <memorytune><node>}: the bandwidth percent on a host node. */
    public record MemoryNode(int id, int bandwidth) {
    }

    /** Builds a {@link CpuTune} one part at a time. */
    public static final class Builder {
        private Long shares;
        private Long periodMicros;
        private Long quotaMicros;
        private Long globalPeriod;
        private Long globalQuota;
        private Long emulatorPeriod;
        private Long emulatorQuota;
        private Long iothreadPeriod;
        private Long iothreadQuota;
        private List<Pin> vcpupins;
        private String emulatorpin;
        private List<Pin> iothreadpins;
        private List<Sched> vcpuscheds;
        private List<Sched> iothreadscheds;
        private Sched emulatorsched;
        private List<CacheTune> cachetunes;
        private List<MemoryTune> memorytunes;

        private Builder() {
        }

        public Builder shares(Long value) {
            this.shares = value;
            return this;
        }

        public Builder periodMicros(Long value) {
            this.periodMicros = value;
            return this;
        }

        public Builder quotaMicros(Long value) {
            this.quotaMicros = value;
            return this;
        }

        public Builder globalPeriod(Long value) {
            this.globalPeriod = value;
            return this;
        }

        public Builder globalQuota(Long value) {
            this.globalQuota = value;
            return this;
        }

        public Builder emulatorPeriod(Long value) {
            this.emulatorPeriod = value;
            return this;
        }

        public Builder emulatorQuota(Long value) {
            this.emulatorQuota = value;
            return this;
        }

        public Builder iothreadPeriod(Long value) {
            this.iothreadPeriod = value;
            return this;
        }

        public Builder iothreadQuota(Long value) {
            this.iothreadQuota = value;
            return this;
        }

        public Builder vcpupins(List<Pin> value) {
            this.vcpupins = value;
            return this;
        }

        public Builder emulatorpin(String value) {
            this.emulatorpin = value;
            return this;
        }

        public Builder iothreadpins(List<Pin> value) {
            this.iothreadpins = value;
            return this;
        }

        public Builder vcpuscheds(List<Sched> value) {
            this.vcpuscheds = value;
            return this;
        }

        public Builder iothreadscheds(List<Sched> value) {
            this.iothreadscheds = value;
            return this;
        }

        public Builder emulatorsched(Sched value) {
            this.emulatorsched = value;
            return this;
        }

        public Builder cachetunes(List<CacheTune> value) {
            this.cachetunes = value;
            return this;
        }

        public Builder memorytunes(List<MemoryTune> value) {
            this.memorytunes = value;
            return this;
        }

        public CpuTune build() {
            return new CpuTune(shares, periodMicros, quotaMicros, globalPeriod, globalQuota, emulatorPeriod,
                    emulatorQuota, iothreadPeriod, iothreadQuota, vcpupins, emulatorpin, iothreadpins, vcpuscheds,
                    iothreadscheds, emulatorsched, cachetunes, memorytunes);
        }
    }
}
