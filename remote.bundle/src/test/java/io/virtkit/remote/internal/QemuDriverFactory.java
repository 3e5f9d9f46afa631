package io.virtkit.remote.internal;

import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;
import io.virtkit.storage.internal.StoragePoolDriver;

/**
 * Routes qemu:/// URIs to one real {@link QemuDriver} on temporary directories, joined, if asked, with one real
 * {@link StoragePoolDriver}; core's factory wires drivers through DS, which plain tests lack. Closing it lets
 * go of the drivers, not of running guests or of pools on the host (as a daemon restart does).
 */
final class QemuDriverFactory implements ConnectionFactory, AutoCloseable {
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    final QemuDriver driver;
    private final StoragePoolDriver storage; // null: no storage driver
    private final DefaultConnectionFactory core = new DefaultConnectionFactory();

    QemuDriverFactory(Path base) {
        this(base, null);
    }

    private QemuDriverFactory(Path base, StoragePoolDriver storage) {
        driver = new QemuDriver(QemuDriverSettings.forTests(EMULATOR, base));
        this.storage = storage;
        core.withHypervisorDriver(driver);
        if (storage != null) {
            core.withStorageDriver(storage);
            driver.addStorageDriver(storage); // where <disk type='volume'> resolves (qemu:///session's pools)
        }
    }

    /** The QEMU driver's directories under {@code base}/qemu, the storage driver's under {@code base}/storage. */
    static QemuDriverFactory withStorage(Path base) {
        return new QemuDriverFactory(base.resolve("qemu"),
                new StoragePoolDriver(new StorageDirsConfig(base.resolve("storage"))));
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
        if (storage != null) {
            core.removeStorageDriver(storage);
        }
        core.removeHypervisorDriver(driver);
        if (storage != null) {
            storage.close();
        }
        driver.close();
    }
}
