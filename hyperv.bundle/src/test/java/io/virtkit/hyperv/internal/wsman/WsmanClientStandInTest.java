package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.hyperv.testing.StandInHypervEndpoint;
import io.virtkit.hyperv.testing.StandInHypervHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against the stand-in Hyper-V endpoint over HTTP: queries, Get, Invoke, jobs and their failures. */
class WsmanClientStandInTest {

    private static final String V2 = WsmanUris.VIRTUALIZATION_V2;
    private static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);

    private StandInHypervEndpoint endpoint;
    private StandInHypervHost host;
    private WsmanClient client;

    @BeforeEach
    void start() {
        endpoint = StandInHypervEndpoint.startHttp("administrator", "s3cret");
        host = endpoint.host();
        client = client("s3cret");
    }

    @AfterEach
    void stop() {
        client.close();
        endpoint.close();
    }

    private WsmanClient client(String password) {
        return new WsmanClient(new WsmanEndpoint(endpoint.url(), "administrator", password.toCharArray(), null,
                Duration.ofSeconds(5), Duration.ofSeconds(30)));
    }

    private static CimReference vm(String guid) {
        return CimReference.of(V2, "Msvm_ComputerSystem", Map.of("CreationClassName", "Msvm_ComputerSystem",
                "Name", guid));
    }

    @Test
    void aQueryReadsEveryItemSpreadOverSeveralPulls() {
        host.setPageSize(7);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            names.add("vm-" + i);
            host.addVirtualMachine("vm-" + i, 1, 512, 3);
        }
        long before = endpoint.requests();

        List<CimInstance> vms = client.query(V2, Wql.select("Msvm_ComputerSystem")
                .where("Description", "Microsoft Virtual Machine"));

        assertThat(vms).extracting(vm -> vm.get("ElementName")).containsExactlyInAnyOrderElementsOf(names);
        assertThat(endpoint.requests() - before).isEqualTo(client.roundTrips()).isGreaterThanOrEqualTo(5);
        assertThat(host.openEnumerations()).isZero();
    }

    @Test
    void namesWithQuotesAndBackslashesAreLookedForAsTheyAre() {
        String weird = "it's a \"test\" \\ OR ElementName <> '";
        String guid = host.addVirtualMachine(weird, 1, 512, 3);
        host.addVirtualMachine("other", 1, 512, 3);

        List<CimInstance> found = client.query(V2, Wql.select("Msvm_ComputerSystem").where("ElementName", weird));

        assertThat(found).extracting(vm -> vm.get("Name")).containsExactly(guid);
    }

    @Test
    void associatorsOfAVirtualMachineGiveItsSettings() {
        String guid = host.addVirtualMachine("web", 2, 1024, 3);

        List<CimInstance> settings = client.query(V2, Wql.associatorsOf(vm(guid))
                .assocClass("Msvm_SettingsDefineState").resultClass("Msvm_VirtualSystemSettingData"));

        assertThat(settings).singleElement().satisfies(vssd -> {
            assertThat(vssd.className()).isEqualTo("Msvm_VirtualSystemSettingData");
            assertThat(vssd.get("ElementName")).isEqualTo("web");
            assertThat(vssd.get("VirtualSystemIdentifier")).isEqualToIgnoringCase(guid);
        });
    }

    @Test
    void getReadsAnInstanceAndBadSelectorsAreAFault() {
        String guid = host.addVirtualMachine("db", 1, 512, 2);

        assertThat(client.get(vm(guid)).get("ElementName")).isEqualTo("db");
        assertThatThrownBy(() -> client.get(vm("00000000-0000-0000-0000-000000000000")))
                .isInstanceOfSatisfying(WsmanFault.class, fault -> {
                    assertThat(fault.is("InvalidSelectors")).isTrue();
                    assertThat(fault.code()).isEqualTo("Sender");
                    assertThat(fault.wsmanFaultCode()).isEqualTo("2150858843");
                    assertThat(fault.httpStatus()).isEqualTo(500);
                });
    }

    @Test
    void anUnknownClassIsDestinationUnreachable() {
        assertThatThrownBy(() -> client.get(CimReference.of(V2, "Msvm_NoSuchClass", Map.of("Name", "x"))))
                .isInstanceOfSatisfying(WsmanFault.class, fault -> assertThat(fault.is("DestinationUnreachable"))
                        .isTrue());
    }

    @Test
    void invokeAndWaitFollowsTheJobUntilTheStateChanged() {
        String guid = host.addVirtualMachine("web", 1, 512, 3);

        InvokeResult result = client.invokeAndWait(vm(guid), "RequestStateChange",
                List.of(CimParameter.simple("RequestedState", "2")), JOB_TIMEOUT);

        assertThat(result.returnValue()).isIn(0L, 4096L);
        assertThat(host.enabledState(guid)).isEqualTo(2);
        assertThat(client.get(vm(guid)).get("EnabledState")).isEqualTo("2");
    }

    @Test
    void defineSystemTakesAnEmbeddedInstanceAndNamesTheNewSystem() {
        CimReference service = serviceReference();
        CimInstance settings = CimInstance.of(V2, "Msvm_VirtualSystemSettingData").with("ElementName", "new \"one\"");

        InvokeResult result = client.invokeAndWait(service, "DefineSystem",
                List.of(CimParameter.embedded("SystemSettings", settings)), JOB_TIMEOUT);

        CimReference system = result.output().reference("ResultingSystem");
        assertThat(system).isNotNull();
        assertThat(client.get(system).get("ElementName")).isEqualTo("new \"one\"");
        assertThat(host.findByName("new \"one\"")).isPresent();
    }

    @Test
    void destroySystemTakesAnEndpointReference() {
        String guid = host.addVirtualMachine("doomed", 1, 512, 3);

        client.invokeAndWait(serviceReference(), "DestroySystem",
                List.of(CimParameter.reference("AffectedSystem", vm(guid))), JOB_TIMEOUT);

        assertThat(host.findByName("doomed")).isEmpty();
        assertThatThrownBy(() -> client.get(vm(guid))).isInstanceOf(WsmanFault.class);
    }

    private CimReference serviceReference() {
        CimInstance service = client.query(V2, Wql.select("Msvm_VirtualSystemManagementService")).get(0);
        return CimReference.of(V2, "Msvm_VirtualSystemManagementService", Map.of(
                "CreationClassName", service.get("CreationClassName"), "Name", service.get("Name"),
                "SystemCreationClassName", service.get("SystemCreationClassName"),
                "SystemName", service.get("SystemName")));
    }

    @Test
    void aFailedJobCarriesItsErrorCodeAndDescription() {
        String guid = host.addVirtualMachine("web", 1, 512, 3);
        host.failNextJob("RequestStateChange", 32768, "The virtual machine could not be started.");

        assertThatThrownBy(() -> client.invokeAndWait(vm(guid), "RequestStateChange",
                List.of(CimParameter.simple("RequestedState", "2")), JOB_TIMEOUT))
                .isInstanceOfSatisfying(WsmanJobFailedException.class, e -> {
                    assertThat(e.jobState()).isEqualTo(10);
                    assertThat(e.errorCode()).isEqualTo(32768L);
                    assertThat(e.errorDescription()).isEqualTo("The virtual machine could not be started.");
                });
    }

    @Test
    void aJobThatHangsTimesOutNamingTheJob() {
        String guid = host.addVirtualMachine("web", 1, 512, 3);
        host.hangNextJob("RequestStateChange");

        assertThatThrownBy(() -> client.invokeAndWait(vm(guid), "RequestStateChange",
                List.of(CimParameter.simple("RequestedState", "2")), Duration.ofMillis(300)))
                .isInstanceOfSatisfying(WsmanJobTimeoutException.class, e -> {
                    assertThat(e.jobInstanceId()).isNotBlank();
                    assertThat(e).hasMessageContaining(e.jobInstanceId());
                });
    }

    @Test
    void aReturnValueThatIsAnErrorIsAMethodException() {
        String guid = host.addVirtualMachine("web", 1, 512, 3);
        host.failNextInvoke("RequestStateChange", 32775);

        assertThatThrownBy(() -> client.invokeAndWait(vm(guid), "RequestStateChange",
                List.of(CimParameter.simple("RequestedState", "2")), JOB_TIMEOUT))
                .isInstanceOfSatisfying(WsmanMethodException.class, e -> assertThat(e.returnValue()).isEqualTo(32775));
    }

    @Test
    void aDroppedConnectionIsATransportFailureNamingHostAndPort() {
        String guid = host.addVirtualMachine("web", 1, 512, 3);
        host.dropConnectionOnNext("RequestStateChange");

        assertThatThrownBy(() -> client.invoke(vm(guid), "RequestStateChange",
                List.of(CimParameter.simple("RequestedState", "2"))))
                .isInstanceOf(WsmanTransportException.class)
                .hasMessageContaining("127.0.0.1:" + endpoint.url().getPort());
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailure() {
        try (WsmanClient wrong = client("wrong")) {
            assertThatThrownBy(() -> wrong.query(V2, Wql.select("Msvm_ComputerSystem")))
                    .isInstanceOf(WsmanAuthenticationException.class);
        }
    }
}
