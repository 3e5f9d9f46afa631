package io.virtkit.lxc.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The driver's settings as plain values, so that tests run it on temporary directories without Config
 * Admin.
 *
 * @param config       persistent XML and autostart markers
 * @param runtime      status files, wrappers, FIFOs of running containers
 * @param log          console logs
 * @param cgroupPath   where containers' groups go below the driver's own ({@code virtkit/lxc})
 * @param minMemoryKiB the smallest {@code <memory>} accepted
 * @param startTimeout how long a start waits for the container's init
 * @param jobTimeout   how long an operation waits for the one running on the same domain
 * @param maxProcesses pids.max of every container (libvirt's domain XML has no such limit); 0 for none
 */
public record LxcDriverSettings(Path config, Path runtime, Path log, String cgroupPath, long minMemoryKiB,
        Duration startTimeout, Duration jobTimeout, long maxProcesses) {

    public LxcDriverSettings {
        config = config.toAbsolutePath().normalize();
        runtime = runtime.toAbsolutePath().normalize();
        log = log.toAbsolutePath().normalize();
        Objects.requireNonNull(cgroupPath, "cgroupPath");
        if (cgroupPath.isBlank() || cgroupPath.startsWith("/") || cgroupPath.contains("..")) {
            throw new IllegalArgumentException("cgroupPath must be a relative path: " + cgroupPath);
        }
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        if (maxProcesses < 0) {
            throw new IllegalArgumentException("maxProcesses must be 0 (no limit) or more: " + maxProcesses);
        }
    }

    /** These settings with containers limited to {@code max} processes (0: no limit). */
    public LxcDriverSettings withMaxProcesses(long max) {
        return new LxcDriverSettings(config, runtime, log, cgroupPath, minMemoryKiB, startTimeout, jobTimeout, max);
    }

    /** Everything under {@code base}, containers' groups under {@code cgroupPath}: what tests use. */
    public static LxcDriverSettings forTests(Path base, String cgroupPath) {
        return new LxcDriverSettings(base.resolve("config"), base.resolve("run"), base.resolve("log"), cgroupPath,
                4096, Duration.ofSeconds(20), Duration.ofSeconds(30), 0);
    }

    static LxcDriverSettings of(LxcDriverConfig c) {
        return new LxcDriverSettings(Path.of(c.configDir()), Path.of(c.runtimeDir()), Path.of(c.logDir()),
                c.cgroupPath(), Math.max(0, c.minMemoryKiB()), Duration.ofSeconds(Math.max(1, c.startTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, c.jobTimeoutSeconds())), Math.max(0, c.maxProcesses()));
    }
}
