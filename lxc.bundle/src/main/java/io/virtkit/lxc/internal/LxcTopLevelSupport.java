package io.virtkit.lxc.internal;

import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainClock;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainElement;
import io.virtkit.model.domain.DomainTuning;
import io.virtkit.model.domain.DomainFeatures;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * What of the top-level elements outside {@code <devices>} this driver cannot run, refused at start with
 * libvirt's "unsupported configuration", so nothing is dropped. What it runs: {@code <cputune>} shares,
 * period and quota, {@code <idmap>}, {@code <memtune>}'s hard limit (the cgroup's memory limit instead of
 * {@code <memory>}), soft limit and swap hard limit, the container's init with its arguments, environment and {@code <initdir>}, the
 * {@code privnet} feature (a container always gets its own network namespace), metadata, and
 * {@code <seclabel type='none'>}. The typed parts are checked by {@link LxcTopLevelTyped}.
 */
final class LxcTopLevelSupport {

    /** The on/off features a container has anyway. */
    private static final Set<String> FEATURES = Set.of("privnet");

    /** libvirt's "unlimited" memory limit in KiB. */
    private static final long UNLIMITED_KIB = 9007199254740991L;

    private LxcTopLevelSupport() {
    }

    static void check(DomainDefinition def) {
        for (String f : def.features()) {
            if (!FEATURES.contains(f)) {
                throw unsupported("feature '" + f + "' is not supported by the LXC driver");
            }
        }
        LxcTopLevelTyped.check(def);
        checkTyped(def);
        for (DomainElement e : def.elements()) {
            if (e.namespace() != null) {
                throw unsupported("<" + e.qualifiedName() + "> is not supported by the LXC driver");
            }
            switch (e.name()) {
                case "metadata" -> {
                    // not configuration
                }
                default -> throw notSupported("<" + e.name() + ">" + (e.attributes().isEmpty() ? ""
                        : " with " + String.join(", ", e.attributes().keySet())));
            }
        }
    }

    /**
     * The typed families besides the simple features: features turned off are a container's default; any
     * other feature, {@code <cpu>} beyond its mode, timers, vCPU settings, I/O threads, {@code <maxMemory>}
     * and {@code <cputune>} beyond shares, period and quota have nothing to act on in a container here.
     */
    private static void checkTyped(DomainDefinition def) {
        DomainFeatures f = def.featureSettings();
        if (f != null && f.hasMoreThanOff()) {
            throw unsupported("feature '" + f.settingNames().get(0) + "' is not supported by the LXC driver");
        }
        if (def.cpu() != null) {
            throw notSupported("<cpu> model, topology, features or NUMA");
        }
        DomainClock clock = def.clock();
        if (!clock.timers().isEmpty()) {
            throw notSupported("timer '" + clock.timers().get(0).name() + "'");
        }
        if (clock.start() != null || "localtime".equals(clock.basis())) {
            throw notSupported("<clock> start or basis");
        }
        if (def.vcpuSettings() != null) {
            throw notSupported("<vcpu current/cpuset> or <vcpus>");
        }
        if (def.iothreads() != null) {
            throw notSupported("<iothreads>");
        }
        if (def.maxMemory() != null) {
            throw notSupported("<maxMemory>");
        }
        if (def.cputune() != null && def.cputune().hasMoreThanBandwidth()) {
            throw notSupported("<cputune> pinning, scheduling, cachetune, memorytune or emulator/iothread/global "
                    + "bandwidth");
        }
    }

    /** The cgroup's hard memory limit in bytes: {@code <memtune><hard_limit>}, else {@code <memory>}. */
    static long memoryLimitBytes(DomainDefinition def) {
        Long hard = memtuneBytes(def, "hard_limit");
        return hard == null ? def.memoryKiB() * 1024 : hard;
    }

    /**
     * A {@code <memtune>} limit in bytes ({@code hard_limit}, {@code soft_limit}, {@code swap_hard_limit}),
     * {@code null} when not given or unlimited.
     */
    static Long memtuneBytes(DomainDefinition def, String limit) {
        DomainTuning.MemTune m = def.tuning() == null ? null : def.tuning().memtune();
        Long kib = m == null ? null : switch (limit) {
            case "hard_limit" -> m.hardLimitKiB();
            case "soft_limit" -> m.softLimitKiB();
            case "swap_hard_limit" -> m.swapHardLimitKiB();
            default -> throw new IllegalArgumentException(limit);
        };
        return kib == null || kib >= UNLIMITED_KIB ? null : kib * 1024;
    }

    /** The directory init starts in: {@code <os><initdir>}, else {@code /}. */
    static String initDir(DomainDefinition def) {
        String dir = def.os().initDir();
        return dir == null ? "/" : dir.strip();
    }

    static VirtException notSupported(String what) {
        return unsupported(what + " is not supported by the LXC driver");
    }

    static VirtException unsupported(String detail) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.LXC, detail);
    }
}
