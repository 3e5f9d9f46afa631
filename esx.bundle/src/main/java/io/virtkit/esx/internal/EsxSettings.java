package io.virtkit.esx.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How the driver connects, from its configuration (pid {@code io.virtkit.esx}).
 *
 * @param caFiles        PEM files of CAs trusted besides the JDK's (libvirt uses curl's bundle; a private CA
 *                       goes here)
 * @param authFile       an auth.conf read when libvirt's own places name none, or null
 * @param connectTimeout TCP and TLS set-up
 * @param callTimeout    one SOAP call or file transfer
 * @param taskTimeout    one vSphere task (power on, register, ...)
 */
record EsxSettings(List<Path> caFiles, Path authFile, Duration connectTimeout, Duration callTimeout,
        Duration taskTimeout) {

    EsxSettings {
        caFiles = List.copyOf(caFiles);
    }

    static final EsxSettings DEFAULTS = new EsxSettings(List.of(), null, Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofMinutes(5));

    EsxSettings withCaFiles(List<Path> files) {
        return new EsxSettings(files, authFile, connectTimeout, callTimeout, taskTimeout);
    }

    EsxSettings withTaskTimeout(Duration timeout) {
        return new EsxSettings(caFiles, authFile, connectTimeout, callTimeout, timeout);
    }

    EsxSettings withCallTimeout(Duration timeout) {
        return new EsxSettings(caFiles, authFile, connectTimeout, timeout, taskTimeout);
    }
}
