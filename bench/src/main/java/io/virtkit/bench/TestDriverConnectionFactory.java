package io.virtkit.bench;

import java.net.URI;
import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.test.internal.TestDriver;

/**
 * Routes every URI to one {@link TestDriver}. Core's factory finds drivers through the service registry,
 * which a plain classpath lacks; the remote daemon only needs {@link #open(String)}.
 */
final class TestDriverConnectionFactory implements ConnectionFactory, AutoCloseable {
    private final TestDriver driver = new TestDriver();

    @Override
    public Connection open(String uri) {
        return driver.open(URI.create(uri))
                .orElseThrow(() -> new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, uri));
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of();
    }

    @Override
    public void close() {
        driver.close();
    }
}
