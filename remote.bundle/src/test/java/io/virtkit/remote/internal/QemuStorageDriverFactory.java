package io.virtkit.remote.internal;

import java.lang.annotation.Annotation;
import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;
import io.virtkit.storage.internal.StorageConfig;
import io.virtkit.storage.internal.StoragePoolDriver;

/**
 * Routes qemu:/// URIs to one real {@link QemuDriver} joined with one real {@link StoragePoolDriver}, both on
 * temporary directories under {@code base}, as DS wires them in the daemon. Closing it lets go of both
 * drivers, not of running guests or of the pools on the host (as a daemon restart does).
 */
final class QemuStorageDriverFactory implements ConnectionFactory, AutoCloseable {
    final QemuDriver driver;
    final StoragePoolDriver storage;
    private final DefaultConnectionFactory core = new DefaultConnectionFactory();

    QemuStorageDriverFactory(Path base) {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuDriverFactory.EMULATOR, base.resolve("qemu")));
        storage = new StoragePoolDriver(new Dirs(base.resolve("storage")));
        core.withHypervisorDriver(driver).withStorageDriver(storage);
    }

    @Override
    public Connection open(ConnectRequest request) {
        return core.open(request);
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of();
    }

    @Override
    public void close() {
        // as DS: core lets go first, then the drivers deactivate
        core.removeStorageDriver(storage);
        core.removeHypervisorDriver(driver);
        storage.close();
        driver.close();
    }

    /** The storage driver's configuration: every directory under {@code base}. */
    private record Dirs(Path base) implements StorageConfig {
        @Override
        public String configDir() {
            return base.resolve("system/config").toString();
        }

        @Override
        public String stateDir() {
            return base.resolve("system/state").toString();
        }

        @Override
        public String sessionConfigDir() {
            return base.resolve("session/config").toString();
        }

        @Override
        public String sessionStateDir() {
            return base.resolve("session/state").toString();
        }

        @Override
        public Class<? extends Annotation> annotationType() {
            return StorageConfig.class;
        }
    }
}
