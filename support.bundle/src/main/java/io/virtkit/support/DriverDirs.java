package io.virtkit.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The three directories of a driver that runs guests, as libvirt's drivers keep them: config (persistent
 * definitions and autostart markers, see {@link DomainConfigDir}), runtime (a status file per running
 * domain, sockets) and log (a log file per domain). Paths are made absolute and normal.
 *
 * @param config  persistent XML and autostart markers
 * @param runtime status files and what else a running domain needs
 * @param log     one log file per domain
 */
public record DriverDirs(Path config, Path runtime, Path log) {

    public DriverDirs {
        config = config.toAbsolutePath().normalize();
        runtime = runtime.toAbsolutePath().normalize();
        log = log.toAbsolutePath().normalize();
    }

    /** All three under {@code base} (config/, run/, log/): what tests use. */
    public static DriverDirs under(Path base) {
        return new DriverDirs(base.resolve("config"), base.resolve("run"), base.resolve("log"));
    }

    /** Creates the three directories where they are missing. */
    public void create() throws IOException {
        Files.createDirectories(config);
        Files.createDirectories(runtime);
        Files.createDirectories(log);
    }

    /** The status file of running domain {@code name}. */
    public Path statusFile(String name) {
        return runtime.resolve(name + ".xml");
    }

    /** The log file of domain {@code name}. */
    public Path logFile(String name) {
        return log.resolve(name + ".log");
    }
}
