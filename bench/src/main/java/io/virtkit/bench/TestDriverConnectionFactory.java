package io.virtkit.bench;

import java.util.List;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/**
 * Routes every URI to one {@link TestDriver}. Core's factory finds drivers through the service registry,
 * which a plain classpath lacks; the remote daemon only needs {@link #open(String)}.
 */
final class TestDriverConnectionFactory implements ConnectionFactory, AutoCloseable {
    private final TestDriver driver = new TestDriver();
    private final DefaultConnectionFactory core = new DefaultConnectionFactory().withHypervisorDriver(driver);

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
        core.removeHypervisorDriver(driver);
        driver.close();
    }
}
