package io.virtkit.remote.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.test.internal.TestDriver;

/** Routes URIs to one {@link TestDriver}; core's factory wires drivers through DS, which plain tests lack. */
final class TestDriverFactory implements ConnectionFactory {
    final TestDriver driver = new TestDriver();
    /** Every connection handed out, so tests can check that sessions close what they opened. */
    final List<Connection> opened = new CopyOnWriteArrayList<>();

    @Override
    public Connection open(String uri) {
        URI parsed;
        try {
            parsed = new URI(uri.trim());
        } catch (URISyntaxException e) {
            // as core's factory answers it: clients may send anything as the URI
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.URI, "Unable to parse URI " + uri, e);
        }
        Connection c = driver.open(parsed).orElseThrow(
                () -> new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, uri));
        opened.add(c);
        return c;
    }

    @Override
    public List<DriverInfo> drivers() {
        return List.of();
    }
}
