package io.virtkit.storage.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.core.conformance.StorageConformanceSuite;

/** The storage driver keeps the API's contract ({@link StorageConformanceSuite}) with dir pools in a temporary directory. */
class StoragePoolDriverConformanceTest extends StorageConformanceSuite {
    // one driver for the class: JUnit runs a subclass's @AfterEach before the suite's cleanup, which needs it
    private static HostFixtures host;
    private static Path base;
    private static StoragePoolDriver driver;

    @BeforeAll
    static void startDriver() throws IOException {
        host = new HostFixtures();
        base = host.directory("vk-storage-conformance");
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-storage-dirs")), new QemuImg());
    }

    @AfterAll
    static void stopDriver() {
        driver.close();
        host.close();
    }

    @Override
    protected Connection openConnection() {
        return Open.connection(driver, "qemu:///system");
    }

    @Override
    protected StorageConnection openStorage() {
        return driver.open(OpenRequest.of("qemu:///system"), ConnectionEvents.NONE).orElseThrow();
    }

    /** A dir pool whose directory exists already, so that it starts without a build as the suite's pools do. */
    @Override
    protected String poolXml(String name, UUID uuid) {
        Path target = base.resolve(name);
        try {
            Files.createDirectories(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "<pool type='dir'><name>" + name + "</name><uuid>" + uuid + "</uuid><target><path>" + target
                + "</path></target></pool>";
    }

    @Override
    protected String volumeXml(String name, long capacity) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity></volume>";
    }

    @Override
    protected ErrorCode volumeExistsCode() {
        return ErrorCode.STORAGE_VOL_EXIST;
    }
}
