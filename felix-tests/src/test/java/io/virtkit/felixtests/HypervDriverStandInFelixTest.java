package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * Stand-in test: the hyperv:// driver bundle as packaged, in plain Felix (SCR, no Karaf), against the stand-in
 * Hyper-V endpoint (hyperv.bundle's test-jar, carried in this tester bundle: no Hyper-V host can run here). It
 * resolves with nothing but the JDK, its DS component registers with the connection factory, and a connection
 * through the factory, with the credentials its callback answers, lists, defines, starts, dumps, destroys and
 * undefines a VM on the stand-in; the stand-in's own model confirms each step.
 */
class HypervDriverStandInFelixTest {

    private static final String HYPERV_BSN = "io.virtkit.hyperv";
    private static final String USER = "administrator";
    private static final String PASSWORD = "StandIn-Secret1";
    private static final String GUEST = "vk-felix-hyperv";
    private static final int ENABLED_STATE_RUNNING = 2;
    private static final int ENABLED_STATE_OFF = 3;

    private final BundleContext context = FrameworkUtil.getBundle(HypervDriverStandInFelixTest.class)
            .getBundleContext();
    private DriverFramework framework;
    private StandInHypervEndpoint endpoint;

    @BeforeEach
    void startTheStandIn() throws InterruptedException {
        framework = DriverFramework.await(context, "hyperv", "the Hyper-V driver");
        endpoint = StandInHypervEndpoint.startHttp(USER, PASSWORD);
        endpoint.host().addVirtualMachine("web01", 2, 1024, ENABLED_STATE_RUNNING);
        endpoint.host().addVirtualMachine("db01", 1, 512, ENABLED_STATE_OFF);
    }

    @AfterEach
    void stopTheStandIn() {
        try {
            if (endpoint != null) {
                endpoint.close();
            }
            framework.restartIfStopped(HYPERV_BSN);
        } finally {
            framework.close();
        }
    }

    @Test
    void theHypervDriverResolvesWithTheJdkAloneAndIsListed() {
        assertThat(framework.bundle(HYPERV_BSN).getState()).isEqualTo(Bundle.ACTIVE);
        DriverInfo hyperv = framework.driver("hyperv").orElseThrow();
        assertThat(hyperv.schemes()).containsExactly("hyperv");
    }

    @Test
    void aConnectionThroughTheFactoryListsDefinesStartsDumpsDestroysAndUndefines() {
        try (Connection conn = framework.factory().open(ConnectRequest.to(endpoint.libvirtUri())
                .withAuth(answering(USER, PASSWORD)))) {
            assertThat(conn.type()).isEqualTo("Hyper-V");
            assertThat(conn.listAllDomains()).extracting(Domain::name).containsExactlyInAnyOrder("web01", "db01");
            assertThat(conn.lookupDomainByName("web01").state().state()).isEqualTo(DomainState.RUNNING);
            assertThat(conn.lookupDomainByName("db01").state().state()).isEqualTo(DomainState.SHUTOFF);

            Domain guest = conn.defineDomain("""
                    <domain type='hyperv'>
                      <name>%s</name>
                      <memory unit='MiB'>768</memory>
                      <vcpu>2</vcpu>
                      <os><type>hvm</type></os>
                    </domain>
                    """.formatted(GUEST));
            String guid = endpoint.host().findByName(GUEST).orElseThrow();
            assertThat(guest.uuid().toString()).isEqualToIgnoringCase(guid);
            assertThat(endpoint.host().enabledState(guid)).isEqualTo(ENABLED_STATE_OFF);
            assertThat(conn.listAllDomains()).extracting(Domain::name).contains(GUEST);

            guest.start();
            assertThat(endpoint.host().enabledState(guid)).isEqualTo(ENABLED_STATE_RUNNING);
            assertThat(guest.state().state()).isEqualTo(DomainState.RUNNING);
            assertThat(guest.xml()).contains("<domain type='hyperv'").contains("<name>" + GUEST + "</name>")
                    .containsIgnoringCase("<uuid>" + guid + "</uuid>").contains("<currentMemory unit='KiB'>786432</currentMemory>")
                    .containsPattern("<vcpu[^>]*>2</vcpu>");

            guest.destroy();
            assertThat(endpoint.host().enabledState(guid)).isEqualTo(ENABLED_STATE_OFF);
            assertThat(guest.state().state()).isEqualTo(DomainState.SHUTOFF);

            guest.undefine();
            assertThat(endpoint.host().findByName(GUEST)).isEmpty();
            assertThat(conn.listAllDomains()).extracting(Domain::name).containsExactlyInAnyOrder("web01", "db01");
        }
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        assertThatThrownBy(() -> framework.factory().open(ConnectRequest.to(endpoint.libvirtUri())
                .withAuth(answering(USER, "not-it"))).close())
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
    }

    @Test
    void theHypervDriverGoesAwayWithItsBundleAndTheOthersStay() throws Exception {
        Bundle hyperv = framework.bundle(HYPERV_BSN);
        hyperv.stop();
        assertThat(framework.driver("hyperv")).isEmpty();
        assertThatThrownBy(() -> framework.factory().open(endpoint.libvirtUri()))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT));
        try (Connection test = framework.factory().open("test:///default")) {
            assertThat(test.listAllDomains()).isNotEmpty();
        }
        hyperv.start();
        DriverFramework.awaitTrue("the Hyper-V driver to come back", () -> framework.driver("hyperv").isPresent());
    }

    /** A caller that knows the user and password, as the console's prompt would answer them. */
    private static AuthCallback answering(String user, String password) {
        return (List<Credential> credentials) -> {
            for (Credential c : credentials) {
                if (c.type() == CredentialType.USERNAME || c.type() == CredentialType.AUTHNAME) {
                    c.answer(user);
                } else if (c.type() == CredentialType.PASSPHRASE || c.type() == CredentialType.NOECHOPROMPT) {
                    c.answer(password);
                }
            }
        };
    }
}
