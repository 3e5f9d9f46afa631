package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.core.conformance.DriverConformanceSuite;
import io.virtkit.core.internal.DefaultConnectionFactory;

/**
 * The LXC driver keeps the API's contract ({@link DriverConformanceSuite}) with real containers: a busybox
 * root, the driver's namespaces and cgroups below this JVM's, everything removed afterwards.
 */
class LxcDriverConformanceTest extends DriverConformanceSuite {

    /** Waits for TERM as PID 1 must (only handled signals reach it), so a shutdown could end it too. */
    private static final String INIT = "trap 'exit 0' TERM; while :; do sleep 1000 & wait; done";

    private Path base;
    private Path rootfs;
    private String cgroupPath;
    private LxcDriverSettings settings;
    private LxcDriver driver;
    private DefaultConnectionFactory factory;

    @BeforeEach
    void startDriver() throws IOException {
        base = Files.createTempDirectory("virtkit-lxc-conformance");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        cgroupPath = "virtkit-test/lxc-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings);
        factory = LxcTests.factory(driver);
    }

    @AfterEach
    void stopDriver() throws IOException {
        try {
            LxcTests.stop(factory, driver);
            LxcTests.destroyActive(new LxcDriver(settings));
        } finally {
            LxcTests.removeCgroups(cgroupPath);
            LxcTests.deleteTree(base);
        }
    }

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected String uri() {
        return "lxc:///";
    }

    @Override
    protected Connection openConnection() {
        return factory.open(uri());
    }

    @Override
    protected String domainXml(String name, UUID uuid) {
        return "<domain type='lxc'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='KiB'>65536</memory><vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init>"
                + "<initarg>-c</initarg><initarg>" + LxcTests.xmlText(INIT) + "</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "</devices></domain>";
    }
}
