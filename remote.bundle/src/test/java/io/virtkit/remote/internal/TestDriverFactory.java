package io.virtkit.remote.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.test.internal.TestDriver;

/** Routes URIs to one {@link TestDriver}; core's factory wires drivers through DS, which plain tests lack. */
final class TestDriverFactory implements ConnectionFactory {
    final TestDriver driver = new TestDriver();
    private final DefaultConnectionFactory core = new DefaultConnectionFactory().withHypervisorDriver(driver);
    /** Every connection handed out, so tests can check that sessions close what they opened. */
    final List<Connection> opened = new CopyOnWriteArrayList<>();
    /** Every request, so tests can check what the daemon passes on (read-only, identity). */
    final List<ConnectRequest> requests = new CopyOnWriteArrayList<>();

    @Override
    public Connection open(ConnectRequest request) {
        requests.add(request);
        Connection c = core.open(request);
        opened.add(c);
        return c;
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of();
    }
}
