package io.virtkit.lxc.internal.cgroup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A container's group on cgroup v1: one directory per controller hierarchy it uses (co-mounted
 * controllers such as {@code cpu,cpuacct} share one). A controller the host lacks is simply absent:
 * setting a limit of it fails, reading it reports 0.
 */
public final class CgroupV1 implements ContainerCgroup {

    private final Map<String, Path> dirs; // controller -> directory
    private final ProcessOpener opener;

    /** @param dirs the group's directory in each controller's hierarchy */
    public CgroupV1(Map<String, Path> dirs) {
        this(dirs, ProcessOpener.PIDFD);
    }

    /** @param opener how {@link #killAll} reaches the listed processes (tests: a fake) */
    CgroupV1(Map<String, Path> dirs, ProcessOpener opener) {
        this.dirs = new LinkedHashMap<>(dirs);
        this.opener = opener;
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public List<Path> directories() {
        return new ArrayList<>(new LinkedHashSet<>(dirs.values()));
    }

    /** The directory of {@code controller}, or null when the host has no such hierarchy. */
    public Path directory(String controller) {
        return dirs.get(controller);
    }

    @Override
    public void create() {
        for (Path dir : directories()) {
            CgroupFiles.mkdirs(dir);
        }
    }

    @Override
    public boolean exists() {
        return directories().stream().anyMatch(Files::isDirectory);
    }

    @Override
    public void setMemoryLimit(long bytes) {
        Path mem = need("memory");
        CgroupFiles.write(mem.resolve("memory.limit_in_bytes"), Long.toString(bytes));
        // with swap accounting the limit would only move the excess to swap: cap memory+swap alike
        Path memsw = mem.resolve("memory.memsw.limit_in_bytes");
        if (Files.exists(memsw)) {
            CgroupFiles.write(memsw, Long.toString(bytes));
        }
    }

    @Override
    public void setMemorySoftLimit(long bytes) {
        CgroupFiles.write(need("memory").resolve("memory.soft_limit_in_bytes"), Long.toString(bytes));
    }

    @Override
    public void setSwapLimit(long memoryBytes, long memoryPlusSwapBytes) {
        Path memsw = need("memory").resolve("memory.memsw.limit_in_bytes");
        if (!Files.exists(memsw)) {
            throw new CgroupException("this host accounts no swap: " + memsw + " is missing");
        }
        CgroupFiles.write(memsw, Long.toString(memoryPlusSwapBytes));
    }

    @Override
    public void setCpuShares(long shares) {
        CgroupFiles.write(need("cpu").resolve("cpu.shares"), Long.toString(shares));
    }

    @Override
    public void setCpuQuota(long quotaMicros, long periodMicros) {
        Path cpu = need("cpu");
        CgroupFiles.write(cpu.resolve("cpu.cfs_period_us"), Long.toString(periodMicros));
        CgroupFiles.write(cpu.resolve("cpu.cfs_quota_us"), Long.toString(quotaMicros < 0 ? -1 : quotaMicros));
    }

    @Override
    public void setPidsMax(long max) {
        CgroupFiles.write(need("pids").resolve("pids.max"), max < 0 ? "max" : Long.toString(max));
    }

    @Override
    public boolean restrictDevices(List<String> allowed) {
        Path devices = dirs.get("devices");
        if (devices == null) {
            return false;
        }
        // a new group inherits its parent's list: deny everything first, then allow each rule
        CgroupFiles.write(devices.resolve("devices.deny"), "a");
        for (String rule : allowed) {
            CgroupFiles.write(devices.resolve("devices.allow"), rule + " rwm");
        }
        return true;
    }

    @Override
    public void addProcess(long pid) {
        for (Path dir : directories()) {
            CgroupFiles.write(dir.resolve("cgroup.procs"), Long.toString(pid));
        }
    }

    @Override
    public Set<Long> processes() {
        Set<Long> all = new LinkedHashSet<>();
        for (Path dir : directories()) {
            all.addAll(CgroupFiles.pids(dir.resolve("cgroup.procs")));
        }
        return all;
    }

    @Override
    public void freeze(Duration timeout) {
        Path state = need("freezer").resolve("freezer.state");
        CgroupFiles.write(state, "FROZEN");
        // FREEZING until every task has stopped; writing FROZEN again nudges tasks that were in a syscall
        if (!CgroupFiles.await(() -> {
            if (isFrozen()) {
                return true;
            }
            CgroupFiles.write(state, "FROZEN");
            return false;
        }, timeout)) {
            throw new CgroupException("Unable to freeze '" + state.getParent() + "': still "
                    + CgroupFiles.read(state).strip() + " after " + timeout.toMillis() + " ms");
        }
    }

    @Override
    public void thaw() {
        CgroupFiles.write(need("freezer").resolve("freezer.state"), "THAWED");
    }

    @Override
    public boolean isFrozen() {
        Path freezer = dirs.get("freezer");
        return freezer != null && Files.exists(freezer.resolve("freezer.state"))
                && CgroupFiles.read(freezer.resolve("freezer.state")).strip().equals("FROZEN");
    }

    /**
     * Freeze, SIGKILL, thaw until the group is empty. The kills go through {@link CgroupFiles#killListed},
     * freezer group first (its tasks stand still, so its list is complete), then any other hierarchy's
     * stragglers. Serialised per group: a destroy and the exit handler's cleanup may both get here, and
     * one's thaw must not open the other's freeze. A group removed meanwhile has no process left.
     */
    @Override
    public synchronized void killAll(Duration timeout) {
        Path freezer = dirs.get("freezer");
        boolean canFreeze = freezer != null && Files.isDirectory(freezer);
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            if (!exists()) {
                return;
            }
            try {
                if (canFreeze) {
                    // frozen tasks cannot fork, so the list is complete; SIGKILL lands at the thaw
                    freeze(remaining(deadline));
                }
                Set<Long> signalled = new HashSet<>();
                for (Path dir : killOrder()) {
                    CgroupFiles.killListed(dir.resolve("cgroup.procs"), opener, signalled);
                }
            } catch (CgroupException e) {
                if (!exists()) {
                    return; // removed while we worked on it: by whoever saw it empty
                }
                throw e;
            } finally {
                if (canFreeze && Files.exists(freezer.resolve("freezer.state"))) {
                    thawQuietly();
                }
            }
        } while (!CgroupFiles.await(() -> processes().isEmpty(), Duration.ofMillis(200))
                && System.nanoTime() < deadline);
        if (!processes().isEmpty()) {
            throw new CgroupException("Unable to kill all processes of " + directories() + ": still "
                    + processes());
        }
    }

    /** The directories to kill from: the freezer's first. */
    private List<Path> killOrder() {
        List<Path> order = new ArrayList<>();
        Path freezer = dirs.get("freezer");
        if (freezer != null) {
            order.add(freezer);
        }
        for (Path dir : directories()) {
            if (!order.contains(dir)) {
                order.add(dir);
            }
        }
        return order;
    }

    private void thawQuietly() {
        try {
            thaw();
        } catch (CgroupException e) {
            if (exists()) {
                throw e;
            }
        }
    }

    @Override
    public long memoryUsageBytes() {
        Path mem = dirs.get("memory");
        return mem == null ? 0 : CgroupFiles.readLong(mem.resolve("memory.usage_in_bytes"));
    }

    @Override
    public long cpuTimeNanos() {
        Path acct = dirs.get("cpuacct");
        return acct == null ? 0 : CgroupFiles.readLong(acct.resolve("cpuacct.usage"));
    }

    @Override
    public void remove(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Path dir : directories()) {
            CgroupFiles.rmdir(dir, remaining(deadline));
        }
    }

    private Path need(String controller) {
        Path dir = dirs.get(controller);
        if (dir == null) {
            throw new CgroupException("Controller '" + controller + "' is not mounted");
        }
        return dir;
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
    }

    @Override
    public String toString() {
        return "CgroupV1" + dirs;
    }
}
