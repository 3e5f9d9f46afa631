package io.virtkit.xen.internal;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.testing.XenHostFixture;

/** A test class of the driver on the nested Xen: the JVM's host, one connection over SSH, guests removed after. */
abstract class NestedXenDriverTest {

    static XenHostFixture xen;
    static HypervisorConnection conn;

    @BeforeAll
    static void openConnection() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        conn = XenDrivers.open(xen);
    }

    @AfterAll
    static void closeConnection() {
        if (conn != null) {
            conn.close();
        }
    }

    /** Destroys the guests and removes every file the driver keeps for them on the host. */
    static void removeGuests(String... names) throws IOException {
        StringBuilder command = new StringBuilder();
        for (String name : names) {
            command.append("xl destroy ").append(name).append(" 2>/dev/null; rm -f /etc/virtkit/xen/").append(name)
                    .append(".xml /etc/virtkit/xen/autostart/").append(name).append(".xml /run/virtkit/xen/")
                    .append(name).append(".xml /run/virtkit/xen/").append(name).append(".stopped; ");
        }
        xen.run(command.append("true").toString(), Duration.ofSeconds(60));
    }
}
