package io.virtkit.hyperv.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the driver connects, from its configuration (pid {@code io.virtkit.hyperv}).
 *
 * @param caFiles        PEM files of CAs trusted besides the JDK's
 * @param authFile       an auth.conf read when libvirt's own places name none, or null
 * @param connectTimeout TCP and TLS set-up
 * @param callTimeout    one WS-Management request
 * @param jobTimeout     one Hyper-V job (Msvm_ConcreteJob) a method started
 * @param eventInterval  how often the VMs are read for domain events while someone listens
 * @param readReuse      how long a read of the VMs answers again while the connection changes nothing (100 ms;
 *                       not configurable: tests lengthen it to count round trips on a slow machine)
 */
record HypervSettings(List<Path> caFiles, Path authFile, Duration connectTimeout, Duration callTimeout,
        Duration jobTimeout, Duration eventInterval, Duration readReuse) {

    HypervSettings {
        caFiles = List.copyOf(caFiles);
    }

    static final HypervSettings DEFAULTS = new HypervSettings(List.of(), null, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMinutes(5), Duration.ofSeconds(2), Duration.ofMillis(100));

    HypervSettings withCaFiles(List<Path> files) {
        return new HypervSettings(files, authFile, connectTimeout, callTimeout, jobTimeout, eventInterval, readReuse);
    }

    HypervSettings withJobTimeout(Duration timeout) {
        return new HypervSettings(caFiles, authFile, connectTimeout, callTimeout, timeout, eventInterval, readReuse);
    }

    HypervSettings withCallTimeout(Duration timeout) {
        return new HypervSettings(caFiles, authFile, connectTimeout, timeout, jobTimeout, eventInterval, readReuse);
    }

    HypervSettings withEventInterval(Duration interval) {
        return new HypervSettings(caFiles, authFile, connectTimeout, callTimeout, jobTimeout, interval, readReuse);
    }

    HypervSettings withReadReuse(Duration reuse) {
        return new HypervSettings(caFiles, authFile, connectTimeout, callTimeout, jobTimeout, eventInterval, reuse);
    }

    HypervSettings withAuthFile(Path file) {
        return new HypervSettings(caFiles, file, connectTimeout, callTimeout, jobTimeout, eventInterval, readReuse);
    }
}
