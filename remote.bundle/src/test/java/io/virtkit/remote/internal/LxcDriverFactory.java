package io.virtkit.remote.internal;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
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

    LxcDriverFactory(Path base, String cgroupPath) {
        settings = LxcDriverSettings.forTests(base, cgroupPath);
        driver = new LxcDriver(settings);
    }

    @Override
    public Connection open(String uri) {
        return driver.open(URI.create(uri)).orElseThrow(
                () -> new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, uri));
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of(new DriverInfo(driver.name(), driver.schemes()));
    }

    @Override
    public void close() {
        driver.close();
    }
}
