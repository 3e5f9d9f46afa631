package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.hyperv.testing.StandInHypervEndpoint;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The client against the stand-in Hyper-V endpoint over HTTPS with its self-signed certificate. */
class WsmanTlsStandInTest {

    private static StandInHypervEndpoint endpoint;

    @BeforeAll
    static void start() {
        endpoint = StandInHypervEndpoint.startHttps("administrator", "s3cret");
        endpoint.host().addVirtualMachine("secure", 1, 512, 3);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private static WsmanClient client(WsmanTls tls) {
        return new WsmanClient(new WsmanEndpoint(endpoint.url(), "administrator", "s3cret".toCharArray(), tls,
                Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    private static List<CimInstance> virtualMachines(WsmanClient client) {
        return client.query(WsmanUris.VIRTUALIZATION_V2, Wql.select("Msvm_ComputerSystem")
                .where("Description", "Microsoft Virtual Machine"));
    }

    @Test
    void theCertificateTrustedThroughACaFileIsAccepted() {
        try (WsmanClient client = client(new WsmanTls(List.of(endpoint.certificatePem()), false))) {
            assertThat(virtualMachines(client)).extracting(vm -> vm.get("ElementName")).containsExactly("secure");
        }
    }

    @Test
    void withoutTheCaFileTheCertificateIsRefused() {
        try (WsmanClient client = client(WsmanTls.checked())) {
            assertThatThrownBy(() -> virtualMachines(client)).isInstanceOf(WsmanTransportException.class)
                    .hasMessageStartingWith("TLS with 127.0.0.1:" + endpoint.url().getPort() + " failed")
                    .hasMessageContaining("no_verify=1");
            assertThat(client.roundTrips()).isEqualTo(1);
        }
    }

    @Test
    void noVerifyAcceptsTheCertificateUnchecked() {
        try (WsmanClient client = client(new WsmanTls(List.of(), true))) {
            assertThat(virtualMachines(client)).hasSize(1);
        }
    }
}
