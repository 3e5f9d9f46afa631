package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainState;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * The xen:// driver bundle in plain Felix (SCR, Apache MINA SSHD's OSGi bundle and slf4j as plain bundles, no
 * Karaf): it resolves, its DS component registers with the connection factory, and a connection through the
 * factory reaches the nested Xen host (xen.bundle's test fixture, booted once for the framework's JVM) over SSH.
 */
class XenDriverInFelixTest {

    private static final String XEN_BSN = "io.virtkit.xen";

    private final BundleContext context = FrameworkUtil.getBundle(XenDriverInFelixTest.class).getBundleContext();
    private DriverFramework framework;

    @BeforeEach
    void findTheFactory() throws InterruptedException {
        framework = DriverFramework.await(context, "xen", "the Xen driver");
    }

    @AfterEach
    void restartTheDriverIfStopped() {
        try {
            framework.restartIfStopped(XEN_BSN);
        } finally {
            framework.close();
        }
    }

    @Test
    void theXenDriverResolvesWithSshdAndIsListed() {
        assertThat(framework.bundle(XEN_BSN).getState()).isEqualTo(Bundle.ACTIVE);
        assertThat(framework.bundle("org.apache.sshd.osgi").getState()).as("MINA SSHD, which the driver imports")
                .isEqualTo(Bundle.ACTIVE);
        DriverInfo xen = framework.driver("xen").orElseThrow();
        assertThat(xen.name()).isEqualTo("Xen");
        assertThat(xen.schemes()).containsExactly("xen");
    }

    @Test
    void aConnectionThroughTheFactoryListsDomain0OfTheNestedHost() throws Exception {
        XenHostFixture host = XenHostFixture.shared();
        try (Connection conn = framework.factory().open(host.uri())) {
            assertThat(conn.type()).isEqualTo("Xen");
            assertThat(conn.listAllDomains()).anySatisfy(d -> {
                assertThat(d.name()).isEqualTo("Domain-0");
                assertThat(d.state().state()).isEqualTo(DomainState.RUNNING);
            });
            assertThat(conn.lookupDomainById(0).name()).isEqualTo("Domain-0");
        }
    }

    @Test
    void theXenDriverGoesAwayWithItsBundleAndTheOthersStay() throws Exception {
        Bundle xen = framework.bundle(XEN_BSN);
        xen.stop();
        assertThat(framework.driver("xen")).isEmpty();
        assertThatThrownBy(() -> framework.factory().open("xen:///system"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT));
        try (Connection test = framework.factory().open("test:///default")) {
            assertThat(test.listAllDomains()).isNotEmpty();
        }
        xen.start();
        DriverFramework.awaitTrue("the Xen driver to come back", () -> framework.driver("xen").isPresent());
    }
}
