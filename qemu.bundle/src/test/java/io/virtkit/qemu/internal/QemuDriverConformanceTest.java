package io.virtkit.qemu.internal;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.core.conformance.DriverConformanceSuite;

/** The QEMU driver keeps the API's contract ({@link DriverConformanceSuite}) with real QEMU processes (TCG). */
class QemuDriverConformanceTest extends DriverConformanceSuite {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private QemuDriver driver;

    @BeforeEach
    void startDriver() {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp));
    }

    @AfterEach
    void stopDriver() {
        try {
            try (Connection c = openConnection()) {
                for (var d : c.listAllDomains()) {
                    if (d.isActive()) {
                        d.destroy();
                    }
                }
            }
            QemuGuests.stop(driver);
        } finally {
            guests.killAll();
        }
    }

    @Override
    protected HypervisorDriver driver() {
        return driver;
    }

    @Override
    protected String uri() {
        return "qemu:///session";
    }

    @Override
    protected Connection openConnection() {
        return QemuGuests.open(driver, uri());
    }

    @Override
    protected String domainXml(String name, UUID uuid) {
        guests.track(uuid);
        return "<domain type='qemu'><name>" + name + "</name><uuid>" + uuid + "</uuid>"
                + "<memory unit='MiB'>32</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os></domain>";
    }

    /** Every start is a QEMU process: fewer rounds keep the race test to seconds. */
    @Override
    protected int rounds() {
        return 3;
    }
}
