package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/** The driver over HTTPS (WinRM's default transport) to the stand-in: trusted by a CA file, by no_verify=1, or not. */
class HypervHttpsStandInTest {

    private static StandInHypervEndpoint endpoint;

    @BeforeAll
    static void start() {
        endpoint = StandInHypervEndpoint.startHttps(HypervStandIn.USER, HypervStandIn.PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void trustedCertificateStartsAVm() {
        String guid = endpoint.host().addVirtualMachine("tls-vm", 1, 512, 3);
        try (HypervConnection c = HypervStandIn.open(endpoint.libvirtUri(),
                HypervStandIn.settings().withCaFiles(List.of(endpoint.certificatePem())),
                HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD))) {
            DomainRef vm = c.lookupDomainByUuid(UUID.fromString(guid));
            c.startDomain(vm, 0);
            assertThat(c.domainState(vm, 0).state()).isEqualTo(DomainState.RUNNING);
        }
    }

    @Test
    void noVerifySkipsTheCheck() {
        String uri = endpoint.libvirtUri() + (endpoint.libvirtUri().contains("?") ? "&" : "?") + "no_verify=1";
        try (HypervConnection c = HypervStandIn.open(uri, HypervStandIn.settings(),
                HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD))) {
            assertThat(c.hostname()).isNotBlank();
        }
    }

    @Test
    void aCaFileThatIsNoCertificateIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.pem"), "not a certificate\n");
        assertThatThrownBy(() -> HypervStandIn.open(endpoint.libvirtUri(),
                HypervStandIn.settings().withCaFiles(List.of(bad)),
                HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).contains("Transport error during connection set-up", "TLS");
                });
    }

    @Test
    void untrustedCertificateRefused() {
        assertThatThrownBy(() -> HypervStandIn.open(endpoint.libvirtUri(), HypervStandIn.settings(),
                HypervStandIn.answering(HypervStandIn.USER, HypervStandIn.PASSWORD)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.getMessage()).contains("Transport error during enumeration");
                });
    }
}
