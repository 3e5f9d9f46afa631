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
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;

/**
 * Routes qemu:/// URIs to one real {@link QemuDriver} on temporary directories; core's factory wires
 * drivers through DS, which plain tests lack. Closing it lets go of the driver, not of running guests.
 */
final class QemuDriverFactory implements ConnectionFactory, AutoCloseable {
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    final QemuDriver driver;

    QemuDriverFactory(Path base) {
        driver = new QemuDriver(QemuDriverSettings.forTests(EMULATOR, base));
    }

    @Override
    public Connection open(String uri) {
        return driver.open(URI.create(uri)).orElseThrow(
                () -> new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, uri));
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
