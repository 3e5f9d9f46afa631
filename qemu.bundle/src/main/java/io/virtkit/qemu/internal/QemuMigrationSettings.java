package io.virtkit.qemu.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.support.HostUuid;

/**
 * What live migration needs from the driver's configuration (pid {@code io.virtkit.qemu}): this host's UUID,
 * which the destination compares with the source's to refuse a migration to the same host (two daemons on one
 * machine differ only by it), and where incoming migrations listen (libvirt's {@code migration_host},
 * {@code migration_port_min}/{@code max}).
 *
 * @param hostUuid       this host's UUID, as capabilities' {@code <host><uuid>} says
 * @param host           the address incoming migrations listen on when the caller names none, or null
 * @param portMin        lowest port of an incoming migration
 * @param portMax        highest port
 * @param prepareTimeout how long a prepared incoming migration waits for the source to connect
 */
public record QemuMigrationSettings(UUID hostUuid, String host, int portMin, int portMax, Duration prepareTimeout) {

    public QemuMigrationSettings {
        Objects.requireNonNull(hostUuid, "hostUuid");
        Objects.requireNonNull(prepareTimeout, "prepareTimeout");
        host = host == null || host.isBlank() ? null : host.strip();
        if (portMin < 1 || portMax > 65535 || portMin > portMax) {
            throw new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.QEMU,
                    "migration port range " + portMin + ".." + portMax + " is not valid");
        }
    }

    /** libvirt's defaults: the host's own UUID, ports 49152..49215, no default address. */
    public static QemuMigrationSettings defaults() {
        return new QemuMigrationSettings(hostUuid(""), null, 49152, 49215, Duration.ofSeconds(300));
    }

    /** For a driver instance of its own (tests, a second daemon on the same machine). */
    public QemuMigrationSettings withHostUuid(UUID uuid) {
        return new QemuMigrationSettings(uuid, host, portMin, portMax, prepareTimeout);
    }

    public QemuMigrationSettings withPorts(int min, int max) {
        return new QemuMigrationSettings(hostUuid, host, min, max, prepareTimeout);
    }

    public QemuMigrationSettings withHost(String address) {
        return new QemuMigrationSettings(hostUuid, address, portMin, portMax, prepareTimeout);
    }

    public QemuMigrationSettings withPrepareTimeout(Duration timeout) {
        return new QemuMigrationSettings(hostUuid, host, portMin, portMax, timeout);
    }

    static QemuMigrationSettings of(QemuDriverConfig config) {
        return new QemuMigrationSettings(hostUuid(config.hostUuid()), config.migrationHost(),
                config.migrationPortMin(), config.migrationPortMax(),
                Duration.ofSeconds(Math.max(1, config.migrationPrepareTimeoutSeconds())));
    }

    /** The configured UUID, else the host's own as libvirt's {@code virGetHostUUID} finds it ({@link HostUuid}). */
    static UUID hostUuid(String configured) {
        return HostUuid.of(configured, ErrorDomain.QEMU);
    }
}
