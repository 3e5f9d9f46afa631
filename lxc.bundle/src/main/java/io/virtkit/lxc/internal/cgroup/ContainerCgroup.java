package io.virtkit.lxc.internal.cgroup;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One container's control group, whatever the host's cgroup version: on v1 a directory per controller
 * hierarchy, on v2 one directory of the unified hierarchy. Every method that touches the kernel throws
 * {@link CgroupException} with the file it failed on.
 */
public interface ContainerCgroup {

    /** The version this group is written for: 1 or 2. */
    int version();

    /** The group's directories (one per v1 hierarchy, one on v2): recorded in a status file to find it again. */
    List<Path> directories();

    /** Creates the directories (and on v2 turns the controllers on in the ancestors); idempotent. */
    void create();

    /** Whether any of the directories exists. */
    boolean exists();

    /** Hard memory limit in bytes (v1 memory.limit_in_bytes and memsw where present; v2 memory.max). */
    void setMemoryLimit(long bytes);

    /**
     * Soft memory limit in bytes, libvirt's {@code <memtune><soft_limit>}: v1 memory.soft_limit_in_bytes, v2
     * memory.high (where reclaim starts).
     */
    void setMemorySoftLimit(long bytes);

    /**
     * Memory plus swap in bytes, libvirt's {@code <memtune><swap_hard_limit>}, after {@link #setMemoryLimit}
     * ({@code memoryBytes}): v1 memory.memsw.limit_in_bytes, v2 memory.swap.max (the swap part alone).
     *
     * @throws CgroupException when the host accounts no swap (no such file)
     */
    void setSwapLimit(long memoryBytes, long memoryPlusSwapBytes);

    /** Relative CPU weight, libvirt's {@code <shares>}: v1 cpu.shares; v2 cpu.weight, unconverted as in libvirt. */
    void setCpuShares(long shares);

    /** CPU bandwidth: {@code quotaMicros} of CPU time per {@code periodMicros}; a quota of -1 is no limit. */
    void setCpuQuota(long quotaMicros, long periodMicros);

    /** The most tasks the group may hold; -1 is no limit. */
    void setPidsMax(long max);

    /**
     * Lets the group's processes read, write and make nodes of only the devices {@code allowed} lists
     * (rules like {@code "c 1:3"} or {@code "c 136:*"}); every other device is denied, whatever the file
     * permissions say.
     *
     * @return false when this host cannot restrict devices for the group: a v1 host without the devices
     *         hierarchy, or v2, where the restriction is a BPF program attached to the group
     */
    boolean restrictDevices(List<String> allowed);

    /** Moves {@code pid} (and, as it forks, its descendants) into the group. */
    void addProcess(long pid);

    /** The processes now in the group. */
    Set<Long> processes();

    /** Freezes every task and returns once the kernel reports the group frozen. */
    void freeze(Duration timeout);

    /** Lets frozen tasks run again. */
    void thaw();

    boolean isFrozen();

    /**
     * Kills every process of the group so that none can escape by forking (v2 cgroup.kill; v1 freeze,
     * SIGKILL to each task, thaw) and returns once the group is empty.
     */
    void killAll(Duration timeout);

    /** The memory the group uses now, in bytes. */
    long memoryUsageBytes();

    /** CPU time the group has used, in nanoseconds. */
    long cpuTimeNanos();

    /** Removes the directories, retrying while tasks are still leaving; a missing directory is fine. */
    void remove(Duration timeout);
}
