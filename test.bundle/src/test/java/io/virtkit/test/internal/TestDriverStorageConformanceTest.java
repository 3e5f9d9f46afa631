package io.virtkit.test.internal;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.core.conformance.StorageConformanceSuite;

/** The test driver's storage keeps the API's contract ({@link StorageConformanceSuite}). */
class TestDriverStorageConformanceTest extends StorageConformanceSuite {

    private final TestDriver driver = new TestDriver();

    @AfterEach
    void stopDriver() {
        Open.driverGone(driver);
    }

    @Override
    protected Connection openConnection() {
        return Open.connection(driver, "test:///default");
    }

    @Override
    protected StorageConnection openStorage() {
        return Open.subDriver(driver, "test:///default").orElseThrow().storage().orElseThrow();
    }

    @Override
    protected String poolXml(String name, UUID uuid) {
        return "<pool type='dir'><name>" + name + "</name><uuid>" + uuid + "</uuid><target><path>/" + name
                + "</path></target></pool>";
    }

    @Override
    protected String volumeXml(String name, long capacity) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity></volume>";
    }
}
