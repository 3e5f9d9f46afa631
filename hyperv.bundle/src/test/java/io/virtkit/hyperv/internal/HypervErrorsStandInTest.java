package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * What goes wrong, against the stand-in Hyper-V endpoint: refused credentials, failed and hung jobs, a method's
 * error code, a dropped connection, TLS trust; each with libvirt's Hyper-V wording and nothing changed.
 */
class HypervErrorsStandInTest {

    private StandInHypervEndpoint endpoint;
    private HypervConnection connection;

    @BeforeEach
    void start() {
        endpoint = StandInHypervEndpoint.startHttp(HypervStandIn.USER, HypervStandIn.PASSWORD);
    }

    @AfterEach
    void stop() {
        if (connection != null) {
            connection.close();
        }
        endpoint.close();
    }

    private DomainRef vm(String name, int enabledState, HypervSettings settings) {
        String guid = endpoint.host().addVirtualMachine(name, 1, 512, enabledState);
        connection = HypervStandIn.open(endpoint.libvirtUri(), settings, HypervStandIn.answering(HypervStandIn.USER,
                HypervStandIn.PASSWORD));
        return connection.lookupDomainByUuid(UUID.fromString(guid));
    }

    @Test
    void wrongPasswordIsAuthFailed() {
        assertThatThrownBy(() -> HypervStandIn.open(endpoint.libvirtUri(), HypervStandIn.settings(),
                HypervStandIn.answering(HypervStandIn.USER, "wrong"))).isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.HYPERV);
                });
    }

    @Test
    void nobodyToAskIsAuthFailed() {
        assertThatThrownBy(() -> HypervStandIn.open(endpoint.libvirtUri(), HypervStandIn.settings(), null))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED);
                    assertThat(e.getMessage()).endsWith("Username request failed");
                });
    }

    @Test
    void theUriUserIsTakenAndTheConsolesMaskedPromptAsked() {
        java.util.List<io.virtkit.api.Credential> asked = new java.util.ArrayList<>();
        io.virtkit.api.AuthCallback console = new io.virtkit.api.AuthCallback() {
            @Override
            public java.util.Set<io.virtkit.api.CredentialType> types() {
                return java.util.EnumSet.of(io.virtkit.api.CredentialType.USERNAME,
                        io.virtkit.api.CredentialType.NOECHOPROMPT);
            }

            @Override
            public void answer(java.util.List<io.virtkit.api.Credential> credentials) {
                asked.addAll(credentials);
                credentials.forEach(c -> c.answer(HypervStandIn.PASSWORD));
            }
        };
        String uri = endpoint.libvirtUri().replace("hyperv://", "hyperv://" + HypervStandIn.USER + "@");
        try (HypervConnection c = HypervStandIn.open(uri, HypervStandIn.settings(), console)) {
            assertThat(c.hostname()).isNotBlank();
        }
        assertThat(asked).singleElement().satisfies(q -> {
            assertThat(q.type()).isEqualTo(io.virtkit.api.CredentialType.NOECHOPROMPT);
            assertThat(q.prompt()).isEqualTo("Enter " + HypervStandIn.USER + "'s password for 127.0.0.1");
        });
    }

    @Test
    void credentialsFromAuthConf(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("auth.conf");
        Files.writeString(conf, "[credentials-hv]\nusername=" + HypervStandIn.USER + "\npassword="
                + HypervStandIn.PASSWORD + "\n\n[auth-hyperv-127.0.0.1]\ncredentials=hv\n");
        try (HypervConnection c = HypervStandIn.open(endpoint.libvirtUri(),
                HypervStandIn.settings().withAuthFile(conf), null)) {
            assertThat(c.hostname()).isNotBlank();
        }
    }

    @Test
    void failedJobSaysSoAndChangesNothing() {
        DomainRef vm = vm("job-fails", 3, HypervStandIn.settings());
        endpoint.host().failNextJob("RequestStateChange", 32768, "The virtual machine could not be started");
        assertThatThrownBy(() -> connection.startDomain(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(e.getMessage()).contains("Concrete job for RequestStateChange invocation is in error state")
                    .contains("The virtual machine could not be started");
        });
        assertThat(connection.domainState(vm, 0).state()).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void hungJobTimesOut() {
        DomainRef vm = vm("job-hangs", 3, HypervStandIn.settings().withJobTimeout(Duration.ofMillis(800)));
        endpoint.host().hangNextJob("RequestStateChange");
        assertThatThrownBy(() -> connection.startDomain(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
            assertThat(e.getMessage()).contains("Timeout waiting for RequestStateChange invocation");
        });
    }

    @Test
    void methodErrorCodeInLibvirtsWords() {
        DomainRef vm = vm("rv-error", 3, HypervStandIn.settings());
        endpoint.host().failNextInvoke("RequestStateChange", 32775);
        assertThatThrownBy(() -> connection.startDomain(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(e.getMessage()).endsWith(
                    "Invocation of RequestStateChange returned an error: Invalid state for this operation (32775)");
        });
        assertThat(connection.domainState(vm, 0).state()).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void droppedConnectionIsATransportError() {
        DomainRef vm = vm("dropped", 3, HypervStandIn.settings());
        endpoint.host().dropConnectionOnNext("RequestStateChange");
        assertThatThrownBy(() -> connection.startDomain(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(e.getMessage()).contains("Transport error during RequestStateChange invocation");
        });
        // the connection goes on
        assertThat(connection.listAllDomains(0)).extracting(DomainRef::name).contains("dropped");
    }

    @Test
    void anAnswerCutOffIsAnInternalErrorAndTheNextCallWorks() {
        DomainRef vm = vm("cut-off", 3, HypervStandIn.settings());
        endpoint.host().truncateAnswerOnNext("Enumerate");
        assertThatThrownBy(() -> connection.listAllDomains(0)).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
            assertThat(e.getMessage()).contains("during enumeration");
        });
        assertThat(connection.listAllDomains(0)).contains(vm);
    }

    @Test
    void unreachableHostFailsToOpen() {
        String uri = endpoint.libvirtUri();
        endpoint.close();
        assertThatThrownBy(() -> HypervStandIn.open(uri, HypervStandIn.settings(),
                HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).contains("Transport error during enumeration");
                });
        endpoint = StandInHypervEndpoint.startHttp(HypervStandIn.USER, HypervStandIn.PASSWORD); // for stop()
    }
}
