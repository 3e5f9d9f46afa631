package io.virtkit.test.internal;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.core.conformance.DriverConformanceSuite;

/** The test driver keeps the API's contract ({@link DriverConformanceSuite}). */
class TestDriverConformanceTest extends DriverConformanceSuite {

    private final TestDriver driver = new TestDriver();

    @AfterEach
    void stopDriver() {
        Open.driverGone(driver);
    }

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected String uri() {
        return "test:///default";
    }

    @Override
    protected Connection openConnection() {
        return Open.connection(driver, uri());
    }

    @Override
    protected String domainXml(String name, UUID uuid) {
        return Xml.domain(name, uuid.toString());
    }
}
