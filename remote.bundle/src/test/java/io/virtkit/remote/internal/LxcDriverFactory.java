package io.virtkit.remote.internal;

import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.LxcDriver;
import io.virtkit.lxc.internal.LxcDriverSettings;

/**
 * Routes lxc:/// URIs to one real {@link LxcDriver} on temporary directories, its containers' cgroups below
 * {@code cgroupPath}; core's factory wires drivers through DS, which plain tests lack. Closing it lets go of
 * the driver, not of running containers.
 */
final class LxcDriverFactory implements ConnectionFactory, AutoCloseable {

    final LxcDriverSettings settings;
    final LxcDriver driver;
    private final DefaultConnectionFactory core = new DefaultConnectionFactory();

    LxcDriverFactory(Path base, String cgroupPath) {
        settings = LxcDriverSettings.forTests(base, cgroupPath);
        driver = new LxcDriver(settings);
        core.withHypervisorDriver(driver);
    }

    @Override
    public Connection open(ConnectRequest request) {
        return core.open(request);
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of(new DriverInfo(driver.name(), driver.schemes()));
    }

    @Override
    public void close() {
        core.removeHypervisorDriver(driver); // as DS: core lets go first, then the driver deactivates
        driver.close();
    }
}
