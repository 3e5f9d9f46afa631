package io.virtkit.qemu.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

import io.virtkit.support.DriverDirs;

/**
 * The driver's settings as plain values, so that tests can run it on temporary directories without
 * Config Admin.
 *
 * @param emulator          the QEMU binary for domains without {@code <emulator>}
 * @param system            qemu:///system's directories (config: persistent XML; runtime: status files, sockets; log)
 * @param session           qemu:///session's directories
 * @param destroyGrace      how long destroy waits after SIGTERM before SIGKILL
 * @param jobTimeout        how long an operation waits for the one running on the same domain
 * @param monitorTimeout    how long to wait for QEMU's monitor
 * @param kvmDevice         the KVM device a {@code type='kvm'} domain needs (read-write)
 * @param migration         live migration: this host's UUID and where incoming migrations listen
 * @param security          how qemu:///system confines QEMU (a state on {@code system}'s directories uses it, also
 *                          when {@code session} shares them, as in tests; other directories run QEMU unconfined)
 */
public record QemuDriverSettings(String emulator, DriverDirs system, DriverDirs session, Duration destroyGrace,
        Duration jobTimeout, Duration monitorTimeout, Path kvmDevice, QemuMigrationSettings migration,
        QemuSecurity security) {

    public QemuDriverSettings {
        Objects.requireNonNull(emulator, "emulator");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(destroyGrace, "destroyGrace");
        Objects.requireNonNull(jobTimeout, "jobTimeout");
        Objects.requireNonNull(monitorTimeout, "monitorTimeout");
        Objects.requireNonNull(kvmDevice, "kvmDevice");
        Objects.requireNonNull(migration, "migration");
        Objects.requireNonNull(security, "security");
    }

    /** With qemu:///system's default confinement ({@link QemuSecurity#DEFAULTS}). */
    public QemuDriverSettings(String emulator, DriverDirs system, DriverDirs session, Duration destroyGrace,
            Duration jobTimeout, Duration monitorTimeout, Path kvmDevice, QemuMigrationSettings migration) {
        this(emulator, system, session, destroyGrace, jobTimeout, monitorTimeout, kvmDevice, migration,
                QemuSecurity.DEFAULTS);
    }

    /** Without migration settings of its own: the host's UUID as found, libvirt's ports, no default address. */
    public QemuDriverSettings(String emulator, DriverDirs system, DriverDirs session, Duration destroyGrace,
            Duration jobTimeout, Duration monitorTimeout, Path kvmDevice) {
        this(emulator, system, session, destroyGrace, jobTimeout, monitorTimeout, kvmDevice,
                QemuMigrationSettings.defaults());
    }

    /**
     * Both URIs on the same directories under {@code base}, default timeouts: handy for tests. Their guests run
     * confined as qemu:///system's do ({@link QemuSecurity#DEFAULTS}): the files they use must sit in directories
     * QEMU's user can traverse: {@code base} is created and made so ({@link #traversable}).
     */
    public static QemuDriverSettings forTests(String emulator, Path base) {
        traversable(base);
        DriverDirs dirs = DriverDirs.under(base);
        return new QemuDriverSettings(emulator, dirs, dirs, Duration.ofSeconds(3), Duration.ofSeconds(30),
                Duration.ofSeconds(10), Path.of("/dev/kvm"));
    }

    /**
     * Creates {@code dir} and lets anyone search it and those of its parents in the system's temporary
     * directory (a test's {@code @TempDir} or {@code createTempDirectory} is 0700): execute bits added, nothing
     * taken, nothing outside the temporary directory touched.
     */
    public static void traversable(Path dir) {
        try {
            Files.createDirectories(dir);
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toRealPath();
            for (Path p = dir.toRealPath(); p != null && p.startsWith(tmp); p = p.getParent()) {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
                if (perms.add(PosixFilePermission.OTHERS_EXECUTE) | perms.add(PosixFilePermission.GROUP_EXECUTE)) {
                    Files.setPosixFilePermissions(p, perms);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public QemuDriverSettings withJobTimeout(Duration timeout) {
        return new QemuDriverSettings(emulator, system, session, destroyGrace, timeout, monitorTimeout, kvmDevice,
                migration, security);
    }

    public QemuDriverSettings withEmulator(String newEmulator) {
        return new QemuDriverSettings(newEmulator, system, session, destroyGrace, jobTimeout, monitorTimeout,
                kvmDevice, migration, security);
    }

    public QemuDriverSettings withKvmDevice(Path device) {
        return new QemuDriverSettings(emulator, system, session, destroyGrace, jobTimeout, monitorTimeout, device,
                migration, security);
    }

    public QemuDriverSettings withMigration(QemuMigrationSettings m) {
        return new QemuDriverSettings(emulator, system, session, destroyGrace, jobTimeout, monitorTimeout, kvmDevice,
                m, security);
    }

    public QemuDriverSettings withSecurity(QemuSecurity s) {
        return new QemuDriverSettings(emulator, system, session, destroyGrace, jobTimeout, monitorTimeout, kvmDevice,
                migration, s);
    }

    /** The confinement of QEMU processes started on {@code dirs}. */
    QemuSecurity securityOf(DriverDirs dirs) {
        return dirs.equals(system) ? security : QemuSecurity.UNCONFINED;
    }

    /** The settings a configuration gives; empty session dirs fall back to the XDG directories. */
    static QemuDriverSettings of(QemuDriverConfig config) {
        String home = System.getProperty("user.home");
        Path configHome = env("XDG_CONFIG_HOME").map(Path::of).orElse(Path.of(home, ".config"));
        Path cacheHome = env("XDG_CACHE_HOME").map(Path::of).orElse(Path.of(home, ".cache"));
        // Without XDG_RUNTIME_DIR libvirt falls back to a directory under the cache home; so do we.
        Path runtimeHome = env("XDG_RUNTIME_DIR").map(Path::of).orElse(cacheHome);
        DriverDirs system = new DriverDirs(Path.of(config.systemConfigDir()), Path.of(config.systemRuntimeDir()),
                Path.of(config.systemLogDir()));
        DriverDirs session = new DriverDirs(
                orDefault(config.sessionConfigDir(), configHome.resolve("virtkit/qemu")),
                orDefault(config.sessionRuntimeDir(), runtimeHome.resolve("virtkit/qemu")),
                orDefault(config.sessionLogDir(), cacheHome.resolve("virtkit/qemu/log")));
        return new QemuDriverSettings(config.emulator(), system, session,
                Duration.ofSeconds(Math.max(0, config.destroyGraceSeconds())),
                Duration.ofSeconds(Math.max(1, config.jobTimeoutSeconds())),
                Duration.ofSeconds(Math.max(1, config.monitorTimeoutSeconds())), Path.of("/dev/kvm"),
                QemuMigrationSettings.of(config), QemuSecurity.of(config));
    }

    private static java.util.Optional<String> env(String name) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? java.util.Optional.empty() : java.util.Optional.of(v);
    }

    private static Path orDefault(String configured, Path fallback) {
        return configured == null || configured.isBlank() ? fallback : Path.of(configured);
    }
}
