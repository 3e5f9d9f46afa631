package io.virtkit.lxc.internal.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A container's group in the unified (v2) hierarchy: one directory below a base group. Controllers are
 * only available in a group when its parent lists them in {@code cgroup.subtree_control}, so
 * {@link #create()} turns them on from the base down (the base itself must not hold processes: the
 * "no internal processes" rule).
 */
public final class CgroupV2 implements ContainerCgroup {

    /** The controllers a container's group needs, as cgroup.subtree_control names them. */
    static final List<String> CONTROLLERS = List.of("cpu", "memory", "pids");

    /** libvirt's VIR_CGROUPV2_WEIGHT_MIN and _MAX: the range cpu.weight takes. */
    public static final long WEIGHT_MIN = 1;
    public static final long WEIGHT_MAX = 10_000;

    private final Path base;
    private final Path dir;
    private final ProcessOpener opener;

    /**
     * @param base a group whose ancestors already delegate the controllers to it
     * @param dir  the container's group: {@code base} or below it
     */
    public CgroupV2(Path base, Path dir) {
        this(base, dir, ProcessOpener.PIDFD);
    }

    /** @param opener how {@link #killAll} reaches the listed processes without cgroup.kill (tests: a fake) */
    CgroupV2(Path base, Path dir, ProcessOpener opener) {
        this.opener = opener;
        this.base = base.normalize();
        this.dir = dir.normalize();
        if (!this.dir.startsWith(this.base)) {
            throw new IllegalArgumentException(dir + " is not below " + base);
        }
    }

    @Override
    public int version() {
        return 2;
    }

    @Override
    public List<Path> directories() {
        return List.of(dir);
    }

    @Override
    public void create() {
        // base, base/a, base/a/b … each parent of the next gets the controllers it has itself
        List<Path> chain = new ArrayList<>();
        for (Path p = dir; !p.equals(base); p = p.getParent()) {
            chain.add(0, p);
        }
        Path parent = base;
        for (Path child : chain) {
            enableControllers(parent);
            CgroupFiles.mkdirs(child);
            parent = child;
        }
    }

    private static void enableControllers(Path group) {
        Path available = group.resolve("cgroup.controllers");
        Path subtree = group.resolve("cgroup.subtree_control");
        if (!Files.exists(available) || !Files.exists(subtree)) {
            throw new CgroupException("'" + group + "' is not a cgroup v2 group");
        }
        List<String> have = List.of(CgroupFiles.read(available).strip().split("\\s+"));
        List<String> on = List.of(CgroupFiles.read(subtree).strip().split("\\s+"));
        StringBuilder add = new StringBuilder();
        for (String c : CONTROLLERS) {
            if (have.contains(c) && !on.contains(c)) {
                add.append(add.length() == 0 ? "" : " ").append('+').append(c);
            }
        }
        if (add.length() > 0) {
            CgroupFiles.write(subtree, add.toString());
        }
    }

    @Override
    public boolean exists() {
        return Files.isDirectory(dir);
    }

    @Override
    public void setMemoryLimit(long bytes) {
        CgroupFiles.write(dir.resolve("memory.max"), Long.toString(bytes));
        Path swap = dir.resolve("memory.swap.max");
        if (Files.exists(swap)) {
            CgroupFiles.write(swap, "0"); // v2 counts swap apart: none, as v1's memsw limit = memory limit
        }
    }

    @Override
    public void setMemorySoftLimit(long bytes) {
        CgroupFiles.write(dir.resolve("memory.high"), Long.toString(bytes));
    }

    @Override
    public void setSwapLimit(long memoryBytes, long memoryPlusSwapBytes) {
        Path swap = dir.resolve("memory.swap.max");
        if (!Files.exists(swap)) {
            throw new CgroupException("this host accounts no swap: " + swap + " is missing");
        }
        CgroupFiles.write(swap, Long.toString(Math.max(0, memoryPlusSwapBytes - memoryBytes)));
    }

    /**
     * As libvirt does on cgroup v2: {@code <shares>} is written as cpu.weight unchanged (libvirt's domain
     * docs give its range there as 1…10000), not converted from v1's scale.
     */
    @Override
    public void setCpuShares(long shares) {
        CgroupFiles.write(dir.resolve("cpu.weight"), Long.toString(checkWeight(shares)));
    }

    /** The shares when cpu.weight takes them, else libvirt's complaint. */
    public static long checkWeight(long shares) {
        if (shares < WEIGHT_MIN || shares > WEIGHT_MAX) {
            throw new CgroupException(sharesOutOfRange(shares));
        }
        return shares;
    }

    /** libvirt's words (virCgroupV2SetCpuShares) for shares cgroup v2 cannot take. */
    public static String sharesOutOfRange(long shares) {
        return "shares '" + shares + "' must be in range [" + WEIGHT_MIN + ", " + WEIGHT_MAX + "]";
    }

    /**
     * CPU bandwidth in one write of cpu.max ("QUOTA PERIOD"), any negative quota as "max": libvirt writes
     * the period and the quota in two steps, the kernel takes both at once.
     */
    @Override
    public void setCpuQuota(long quotaMicros, long periodMicros) {
        CgroupFiles.write(dir.resolve("cpu.max"), (quotaMicros < 0 ? "max" : Long.toString(quotaMicros)) + " "
                + periodMicros);
    }

    @Override
    public void setPidsMax(long max) {
        CgroupFiles.write(dir.resolve("pids.max"), max < 0 ? "max" : Long.toString(max));
    }

    /** v2 has no devices files: the restriction would be a BPF_PROG_TYPE_CGROUP_DEVICE program (not done). */
    @Override
    public boolean restrictDevices(List<String> allowed) {
        return false;
    }

    @Override
    public void addProcess(long pid) {
        CgroupFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
    }

    @Override
    public Set<Long> processes() {
        return CgroupFiles.pids(dir.resolve("cgroup.procs"));
    }

    @Override
    public void freeze(Duration timeout) {
        CgroupFiles.write(dir.resolve("cgroup.freeze"), "1");
        if (!CgroupFiles.await(this::isFrozen, timeout)) {
            throw new CgroupException("Unable to freeze '" + dir + "': not frozen after " + timeout.toMillis()
                    + " ms");
        }
    }

    @Override
    public void thaw() {
        CgroupFiles.write(dir.resolve("cgroup.freeze"), "0");
    }

    /** cgroup.events says "frozen 1" once every task has stopped. */
    @Override
    public boolean isFrozen() {
        Path events = dir.resolve("cgroup.events");
        return Files.exists(events) && CgroupFiles.keyed(events, "frozen") == 1;
    }

    /** Serialised per group (a destroy and the exit handler's cleanup may race); a group removed meanwhile is empty. */
    @Override
    public synchronized void killAll(Duration timeout) {
        Path kill = dir.resolve("cgroup.kill");
        try {
            if (Files.exists(kill)) {
                CgroupFiles.write(kill, "1"); // Linux 5.14+: the kernel kills the whole subtree at once
            } else if (exists()) {
                freeze(timeout);
                try {
                    CgroupFiles.killListed(dir.resolve("cgroup.procs"), opener, new HashSet<>());
                } finally {
                    thaw();
                }
            }
        } catch (CgroupException e) {
            if (!exists()) {
                return; // removed while we worked on it: by whoever saw it empty
            }
            throw e;
        }
        if (!CgroupFiles.await(() -> processes().isEmpty(), timeout)) {
            throw new CgroupException("Unable to kill all processes of '" + dir + "': still " + processes());
        }
    }

    @Override
    public long memoryUsageBytes() {
        Path current = dir.resolve("memory.current");
        return Files.exists(current) ? CgroupFiles.readLong(current) : 0;
    }

    @Override
    public long cpuTimeNanos() {
        Path stat = dir.resolve("cpu.stat");
        long usec = Files.exists(stat) ? CgroupFiles.keyed(stat, "usage_usec") : -1;
        return usec < 0 ? 0 : usec * 1_000;
    }

    @Override
    public void remove(Duration timeout) {
        CgroupFiles.rmdir(dir, timeout);
    }

    @Override
    public String toString() {
        return "CgroupV2[" + dir + "]";
    }
}
