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

/**
 * Routes qemu:/// URIs to one real {@link QemuDriver} on temporary directories; core's factory wires
 * drivers through DS, which plain tests lack. Closing it lets go of the driver, not of running guests.
 */
final class QemuDriverFactory implements ConnectionFactory, AutoCloseable {
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    final QemuDriver driver;
    private final DefaultConnectionFactory core = new DefaultConnectionFactory();

    QemuDriverFactory(Path base) {
        driver = new QemuDriver(QemuDriverSettings.forTests(EMULATOR, base));
        core.withHypervisorDriver(driver);
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
        core.removeHypervisorDriver(driver); // as DS: core lets go first, then the driver deactivates
        driver.close();
    }
}
