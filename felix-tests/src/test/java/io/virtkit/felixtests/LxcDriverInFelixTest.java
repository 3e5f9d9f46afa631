package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The lxc:/// driver bundle in plain Felix (SCR, JNA as a plain bundle, no Karaf): it resolves, its DS
 * component registers with the connection factory, URIs reach it, and it goes away and comes back with
 * its bundle. No container is started here (lxc.bundle's own tests do that).
 */
class LxcDriverInFelixTest {

    private static final String LXC_BSN = "io.virtkit.lxc";

    private final BundleContext context = FrameworkUtil.getBundle(LxcDriverInFelixTest.class).getBundleContext();
    private DriverFramework framework;
    private ConnectionFactory factory;

    @BeforeEach
    void findTheFactory() throws InterruptedException {
        framework = DriverFramework.await(context, "lxc", "the LXC driver");
        factory = framework.factory();
    }

    @AfterEach
    void restartTheDriverIfStopped() {
        try {
            framework.restartIfStopped(LXC_BSN);
        } finally {
            framework.close();
        }
    }

    @Test
    void theLxcDriverIsListedByTheConnectionFactory() {
        assertThat(framework.bundle(LXC_BSN).getState()).isEqualTo(Bundle.ACTIVE);
        // JNA (lazy activation, so STARTING until first used) resolved and wired to the driver
        assertThat(framework.bundle("com.sun.jna").getState()).as("JNA, which the driver imports")
                .isIn(Bundle.STARTING, Bundle.ACTIVE);
        DriverInfo lxc = lxcDriver().orElseThrow();
        assertThat(lxc.name()).isEqualTo("LXC");
        assertThat(lxc.schemes()).containsExactly("lxc");
    }

    @Test
    void lxcUrisReachTheDriver() {
        // The driver's own complaint (libvirt's wording for a bad lxc:/// path) shows the URI was routed to it.
        assertThatThrownBy(() -> factory.open("lxc:///session"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.LXC);
                    assertThat(e.getMessage()).contains("Unexpected LXC URI path '/session', try lxc:///system");
                });
        try (Connection conn = factory.open("lxc:///")) {
            assertThat(conn.type()).isEqualTo("LXC");
            assertThat(conn.uri()).isEqualTo("lxc:///system");
            assertThat(conn.capabilities()).contains("<os_type>exe</os_type>").contains("<domain type='lxc'/>");
        }
    }

    @Test
    void theLxcDriverGoesAwayWithItsBundleAndComesBack() throws Exception {
        Bundle lxc = framework.bundle(LXC_BSN);
        lxc.stop();
        assertThat(lxcDriver()).isEmpty();
        assertThatThrownBy(() -> factory.open("lxc:///"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT);
                    assertThat(e.getMessage()).isEqualTo("no connection driver available for lxc:///");
                });
        // The other drivers are untouched.
        assertThat(factory.drivers()).anyMatch(d -> d.schemes().contains("test"));

        lxc.start();
        DriverFramework.awaitTrue("the LXC driver to come back", () -> lxcDriver().isPresent());
    }

    private Optional<DriverInfo> lxcDriver() {
        return framework.driver("lxc");
    }

}
