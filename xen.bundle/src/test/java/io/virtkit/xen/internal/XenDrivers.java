package io.virtkit.xen.internal;

import java.nio.file.Path;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.xen.testing.XenHostFixture;

/** Opens Virtkit's Xen driver on the nested test host, over SSH as a user's URI would. */
public final class XenDrivers {
    private XenDrivers() {
    }

    public static HypervisorConnection open(XenHostFixture host) {
        return open(host, ConnectionEvents.NONE);
    }

    public static HypervisorConnection open(XenHostFixture host, ConnectionEvents events) {
        return new XenDriver(XenSettings.DEFAULTS, Path.of(System.getProperty("user.home")))
                .open(OpenRequest.of(host.uri()), events).orElseThrow();
    }
}
