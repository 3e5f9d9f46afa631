package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in endpoint's WS-Man rules over HTTP: authentication, the envelope, enumeration, Get and faults. */
class StandInHypervEndpointTest {

    private static final String VM = RawWsmanClient.V2 + "Msvm_ComputerSystem";
    private static final String ALL_V2 = RawWsmanClient.V2 + "*";

    private StandInHypervEndpoint endpoint;
    private RawWsmanClient client;

    @BeforeEach
    void start() {
        endpoint = StandInHypervEndpoint.startHttp("admin", "s3cret");
        client = new RawWsmanClient(endpoint.url(), "admin", "s3cret");
    }

    @AfterEach
    void stop() {
        endpoint.close();
    }

    @Test
    void refusesMissingOrWrongCredentialsWith401AndBothSchemes() throws IOException {
        RawWsmanClient wrong = new RawWsmanClient(endpoint.url(), "admin", "wrong");
        RawWsmanClient.Answer answer = wrong.enumerate(VM, null);
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).isEmpty();
        assertThat(answer.authenticate()).contains("Basic realm=\"WSMAN\"", "Negotiate");

        RawWsmanClient.Answer anonymous = client.send(HttpRequest.newBuilder(endpoint.url())
                .header("Content-Type", StandInHypervEndpoint.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("<x/>")));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void acceptsCredentialsInUtf8OrLatin1() throws IOException {
        try (StandInHypervEndpoint accented = StandInHypervEndpoint.startHttp("admin", "pässwörd")) {
            String envelope = RawWsmanClient.envelope(WsmanDispatcher.ENUMERATE, VM, Map.of(), "<n:Enumerate/>");
            for (java.nio.charset.Charset charset : List.of(java.nio.charset.StandardCharsets.UTF_8,
                    java.nio.charset.StandardCharsets.ISO_8859_1)) {
                String header = "Basic " + java.util.Base64.getEncoder()
                        .encodeToString("admin:pässwörd".getBytes(charset));
                assertThat(client.send(HttpRequest.newBuilder(accented.url()).header("Authorization", header)
                        .header("Content-Type", StandInHypervEndpoint.CONTENT_TYPE)
                        .POST(HttpRequest.BodyPublishers.ofString(envelope))).status()).as(charset.name())
                        .isEqualTo(200);
            }
            assertThat(new RawWsmanClient(accented.url(), "admin", "passwort").post(envelope).status())
                    .isEqualTo(401);
        }
    }

    @Test
    void servesOnlyPostToWsmanWithSoapContent() throws IOException {
        String auth = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:s3cret".getBytes());
        assertThat(client.send(HttpRequest.newBuilder(endpoint.url().resolve("/other")).header("Authorization", auth)
                .header("Content-Type", StandInHypervEndpoint.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString("<x/>"))).status()).isEqualTo(404);
        assertThat(client.send(HttpRequest.newBuilder(endpoint.url()).header("Authorization", auth).GET()).status())
                .isEqualTo(405);
        assertThat(client.send(HttpRequest.newBuilder(endpoint.url()).header("Authorization", auth)
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("<x/>"))).status()).isEqualTo(415);
    }

    @Test
    void answersWithTheRequestsMessageIdAndSoapContentType() throws IOException {
        String envelope = RawWsmanClient.envelope(WsmanDispatcher.ENUMERATE, VM, Map.of(), "<n:Enumerate/>");
        String messageId = envelope.replaceAll(".*<a:MessageID>([^<]*)</a:MessageID>.*", "$1");
        RawWsmanClient.Answer answer = client.post(envelope);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo("application/soap+xml;charset=UTF-8");
        assertThat(answer.text("RelatesTo")).isEqualTo(messageId);
        assertThat(answer.text("Action")).isEqualTo(WsmanDispatcher.ENUMERATE + "Response");
        assertThat(answer.text("MessageID")).startsWith("uuid:").isNotEqualTo(messageId);
        long before = endpoint.requests();
        client.post(envelope);
        new RawWsmanClient(endpoint.url(), "admin", "wrong").post(envelope);
        assertThat(endpoint.requests()).isEqualTo(before + 2);
    }

    @Test
    void refusesWhatIsNoSoapEnvelope() throws IOException {
        RawWsmanClient.Answer answer = client.post("<not-soap/>");
        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.faultSubcode()).isEqualTo("w:SchemaValidationError");
        assertThat(client.post("<unclosed").faultSubcode()).isEqualTo("w:SchemaValidationError");
    }

    @Test
    void pullsManyItemsOverSeveralAnswersOfAtMostThePageSize() throws IOException {
        for (int i = 0; i < 23; i++) {
            endpoint.host().addVirtualMachine("vm-" + i, 1, 512, 3);
        }
        endpoint.host().setPageSize(5);
        RawWsmanClient.Enumeration all = client.query(ALL_V2,
                "SELECT * FROM Msvm_ComputerSystem WHERE Description = \"Microsoft Virtual Machine\"");
        assertThat(all.pulls()).isEqualTo(5);
        assertThat(all.texts("ElementName")).hasSize(23).doesNotHaveDuplicates().contains("vm-0", "vm-22");

        RawWsmanClient.Answer started = client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem");
        RawWsmanClient.Answer small = client.pull(ALL_V2, started.text("EnumerationContext"), 2);
        assertThat(small.all("Items").get(0).getChildNodes().getLength()).isEqualTo(2);
        assertThat(small.all("EndOfSequence")).isEmpty();
    }

    @Test
    void anEndedOrUnknownOrExpiredContextIsAFault() throws IOException {
        endpoint.host().addVirtualMachine("only", 1, 512, 3);
        RawWsmanClient.Answer started = client.enumerate(ALL_V2,
                "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = 'only'");
        String context = started.text("EnumerationContext");
        RawWsmanClient.Answer last = client.pull(ALL_V2, context, 10);
        assertThat(last.all("EndOfSequence")).hasSize(1);
        assertThat(last.all("EnumerationContext")).isEmpty();
        RawWsmanClient.Answer again = client.pull(ALL_V2, context, 10);
        assertThat(again.status()).isEqualTo(500);
        assertThat(again.faultSubcode()).isEqualTo("n:InvalidEnumerationContext");
        assertThat(client.pull(ALL_V2, "uuid:never-issued", 10).faultSubcode())
                .isEqualTo("n:InvalidEnumerationContext");

        endpoint.host().setEnumerationExpiry(Duration.ZERO);
        String expiring = client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem")
                .text("EnumerationContext");
        assertThat(client.pull(ALL_V2, expiring, 10).faultSubcode()).isEqualTo("n:InvalidEnumerationContext");
    }

    @Test
    void anOptimizedEnumerateCarriesTheFirstItems() throws IOException {
        endpoint.host().addVirtualMachine("a", 1, 512, 3);
        endpoint.host().addVirtualMachine("b", 1, 512, 3);
        RawWsmanClient.Answer all = client.enumerateOptimized(ALL_V2,
                "SELECT * FROM Msvm_ComputerSystem WHERE Description = 'Microsoft Virtual Machine'", 10);
        assertThat(all.texts("ElementName")).containsExactly("a", "b");
        assertThat(all.all("EndOfSequence")).hasSize(1);
        assertThat(all.text("EnumerationContext")).isEmpty();
        assertThat(endpoint.host().openEnumerations()).isZero();

        RawWsmanClient.Answer first = client.enumerateOptimized(ALL_V2,
                "SELECT * FROM Msvm_ComputerSystem WHERE Description = 'Microsoft Virtual Machine'", 1);
        assertThat(first.texts("ElementName")).containsExactly("a");
        assertThat(first.all("EndOfSequence")).isEmpty();
        assertThat(client.pull(ALL_V2, first.text("EnumerationContext"), 5).texts("ElementName"))
                .containsExactly("b");

        endpoint.host().setPageSize(1);
        RawWsmanClient.Answer noMax = client.post(RawWsmanClient.envelope(WsmanDispatcher.ENUMERATE, ALL_V2, Map.of(),
                "<n:Enumerate><w:OptimizeEnumeration/>" + RawWsmanClient.filter("SELECT * FROM Msvm_ComputerSystem "
                        + "WHERE Description = 'Microsoft Virtual Machine'") + "</n:Enumerate>"));
        assertThat(noMax.texts("ElementName")).containsExactly("a");
    }

    @Test
    void enumerationModesGiveEndpointReferencesOrBoth() throws IOException {
        String guid = endpoint.host().addVirtualMachine("vm", 1, 512, 3);
        String wql = "SELECT * FROM Msvm_ComputerSystem WHERE Name = '" + guid + "'";
        RawWsmanClient.Answer eprs = client.enumerateMode(ALL_V2, wql, "EnumerateEPR");
        assertThat(eprs.all("Msvm_ComputerSystem")).isEmpty();
        assertThat(eprs.all("EndpointReference")).hasSize(1);
        assertThat(eprs.text("ResourceURI")).isEqualTo(VM);
        assertThat(eprs.texts("Selector")).containsExactly("Msvm_ComputerSystem", guid);
        RawWsmanClient.Answer both = client.enumerateMode(ALL_V2, wql, "EnumerateObjectAndEPR");
        assertThat(both.all("Item")).hasSize(1);
        assertThat(both.text("ElementName")).isEqualTo("vm");
        assertThat(both.texts("Selector")).containsExactly("Msvm_ComputerSystem", guid);
        assertThat(client.enumerateMode(ALL_V2, wql, "EnumerateNothing").faultSubcode())
                .isEqualTo("w:SchemaValidationError");
    }

    @Test
    void whereClausesCompareCaseInsensitivelyWithAndOrAndNotEqual() throws IOException {
        endpoint.host().addVirtualMachine("alpha", 1, 512, 2);
        endpoint.host().addVirtualMachine("beta", 1, 512, 3);
        endpoint.host().addVirtualMachine("gamma", 1, 512, 3);
        assertThat(client.query(ALL_V2, "select * from msvm_computersystem where description = 'Microsoft Virtual"
                + " Machine' and EnabledState <> 2").texts("ElementName")).containsExactly("beta", "gamma");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = 'ALPHA' OR "
                + "ElementName = \"gamma\"").texts("ElementName")).containsExactly("alpha", "gamma");
    }

    @Test
    void namesWithQuotesAndBackslashesAreMatchedThroughEscapesNotInjected() throws IOException {
        endpoint.host().addVirtualMachine("it's \"quoted\" \\ here", 1, 512, 3);
        endpoint.host().addVirtualMachine("other", 1, 512, 3);
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = "
                + "'it\\'s \"quoted\" \\\\ here'").texts("ElementName"))
                .containsExactly("it's \"quoted\" \\ here");
        assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = "
                + "\"x\\\" OR ElementName <> \\\"\"").items()).isEmpty();
        RawWsmanClient.Answer unescaped = client.enumerate(ALL_V2,
                "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = 'it's'");
        assertThat(unescaped.faultSubcode()).isEqualTo("w:CannotProcessFilter");
    }

    @Test
    void associatorsWalkFromTheSystemToItsSettingsAndResources() throws IOException {
        String guid = endpoint.host().addVirtualMachine("vm", 4, 2048, 3);
        endpoint.host().addDisk(guid, "C:\\VMs\\vm.vhdx");
        RawWsmanClient.Enumeration settings = client.query(ALL_V2, "ASSOCIATORS OF {Msvm_ComputerSystem."
                + "CreationClassName=\"Msvm_ComputerSystem\",Name=\"" + guid + "\"} WHERE AssocClass = "
                + "Msvm_SettingsDefineState ResultClass = Msvm_VirtualSystemSettingData");
        assertThat(settings.texts("InstanceID")).containsExactly("Microsoft:" + guid);
        String components = "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"Microsoft:" + guid
                + "\"} WHERE AssocClass = Msvm_VirtualSystemSettingDataComponent ResultClass = ";
        assertThat(client.query(ALL_V2, components + "Msvm_ProcessorSettingData").texts("VirtualQuantity"))
                .containsExactly("4");
        assertThat(client.query(ALL_V2, components + "Msvm_MemorySettingData").texts("VirtualQuantity"))
                .containsExactly("2048");
        assertThat(client.query(ALL_V2, components + "Msvm_StorageAllocationSettingData").texts("HostResource"))
                .containsExactly("C:\\VMs\\vm.vhdx");
        assertThat(client.query(ALL_V2, components + "Msvm_ResourceAllocationSettingData")
                .texts("ResourceType")).containsExactly("5", "5", "17");
        // WMI answers "not found" for the associators of an instance that does not exist.
        assertThat(client.enumerate(ALL_V2, "ASSOCIATORS OF {Msvm_VirtualSystemSettingData.InstanceID=\"nothing\"}")
                .faultSubcode()).isEqualTo("w:InvalidSelectors");
    }

    @Test
    void getAnswersTheInstanceWithTypedPropertiesAndNils() throws IOException {
        String guid = endpoint.host().addVirtualMachine("vm", 1, 512, 3);
        RawWsmanClient.Answer answer = client.get(VM,
                Map.of("CreationClassName", "Msvm_ComputerSystem", "Name", guid));
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.text("Action")).isEqualTo(WsmanDispatcher.GET + "Response");
        assertThat(answer.all("Msvm_ComputerSystem").get(0).getNamespaceURI()).isEqualTo(VM);
        assertThat(answer.text("ElementName")).isEqualTo("vm");
        assertThat(answer.all("ProcessID").get(0)
                .getAttributeNS("http://www.w3.org/2001/XMLSchema-instance", "nil")).isEqualTo("true");
        assertThat(answer.text("Datetime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(client.get(RawWsmanClient.CIMV2 + "Win32_ComputerSystemProduct",
                Map.of("IdentifyingNumber", "STANDIN0001", "Name", "Stand-in Hyper-V host", "Version", "1.0"))
                .text("UUID")).isEqualTo(HostInventory.HOST_UUID);
    }

    @Test
    void selectorsThatNameNothingAreInvalidSelectors() throws IOException {
        endpoint.host().addVirtualMachine("vm", 1, 512, 3);
        for (Map<String, String> selectors : List.of(Map.of("Name", "no-such-guid"), Map.<String, String>of(),
                Map.of("Bogus", "x"))) {
            RawWsmanClient.Answer answer = client.get(VM, selectors);
            assertThat(answer.status()).isEqualTo(500);
            assertThat(answer.faultSubcode()).isEqualTo("w:InvalidSelectors");
            assertThat(answer.faultReason()).isEqualTo("The WS-Management service cannot process the request "
                    + "because the request contained invalid selectors for the resource.");
            assertThat(answer.all("WSManFault").get(0).getAttribute("Code")).isEqualTo("2150858843");
        }
    }

    @Test
    void unknownClassesMethodsActionsAndFiltersGiveWinrmsFaults() throws IOException {
        assertThat(client.get(RawWsmanClient.V2 + "Msvm_NoSuchClass", Map.of("Name", "x")).faultSubcode())
                .isEqualTo("a:DestinationUnreachable");
        RawWsmanClient.Answer unknownClass = client.enumerate(ALL_V2, "SELECT * FROM Msvm_NoSuchClass");
        assertThat(unknownClass.faultSubcode()).isEqualTo("a:DestinationUnreachable");
        assertThat(unknownClass.faultReason()).contains("'invalid class'");
        assertThat(client.enumerate(RawWsmanClient.CIMV2 + "*", "SELECT * FROM Msvm_ComputerSystem")
                .faultSubcode()).isEqualTo("a:DestinationUnreachable");
        assertThat(client.enumerate(ALL_V2, "DELETE FROM Msvm_ComputerSystem").faultSubcode())
                .isEqualTo("w:CannotProcessFilter");
        assertThat(client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem WHERE").faultSubcode())
                .isEqualTo("w:CannotProcessFilter");
        assertThat(client.enumerate(ALL_V2, null).faultSubcode()).isEqualTo("w:CannotProcessFilter");
        String guid = endpoint.host().addVirtualMachine("vm", 1, 512, 3);
        RawWsmanClient.Answer unknownMethod = client.invoke(VM, Map.of("CreationClassName",
                "Msvm_ComputerSystem", "Name", guid), "Explode", "");
        assertThat(unknownMethod.faultSubcode()).isEqualTo("a:ActionNotSupported");
        assertThat(client.post(RawWsmanClient.envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete",
                VM, Map.of("Name", guid), "")).faultSubcode()).isEqualTo("a:ActionNotSupported");
    }

    @Test
    void aDroppedConnectionGivesNoAnswerOnceThenServesAgain() throws IOException {
        endpoint.host().dropConnectionOnNext("Enumerate");
        assertThatThrownBy(() -> client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem"))
                .isInstanceOf(IOException.class);
        assertThat(client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem").status()).isEqualTo(200);
    }

    @Test
    void aTruncatedAnswerEndsMidBodyOnceThenServesAgain() throws IOException {
        endpoint.host().truncateAnswerOnNext("Enumerate");
        assertThatThrownBy(() -> client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem"))
                .isInstanceOf(IOException.class);
        assertThat(client.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem").status()).isEqualTo(200);
    }

    @Test
    void parallelRequestsSeeAConsistentModel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int n = i;
                pool.submit(() -> endpoint.host().addVirtualMachine("p" + n, 1, 512, 3));
                counts.add(pool.submit(() -> client.query(ALL_V2, "SELECT * FROM Msvm_VirtualSystemSettingData")
                        .items().size()));
            }
            pool.shutdown();
            assertThat(pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            for (Future<Integer> count : counts) {
                assertThat(count.get()).isBetween(0, 30);
            }
            assertThat(client.query(ALL_V2, "SELECT * FROM Msvm_VirtualSystemSettingData").items()).hasSize(30);
            assertThat(endpoint.host().virtualMachineCount()).isEqualTo(30);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void servesHttpsWithTheCertificateItMadeAndOnlyToClientsTrustingIt() throws Exception {
        try (StandInHypervEndpoint https = StandInHypervEndpoint.startHttps("admin", "s3cret")) {
            assertThat(https.url().toString()).startsWith("https://127.0.0.1:");
            assertThat(https.libvirtUri()).endsWith("/?transport=https");
            assertThat(Files.readString(https.certificatePem())).startsWith("-----BEGIN CERTIFICATE-----");
            RawWsmanClient trusting = new RawWsmanClient(https.url(), "admin", "s3cret", trusting(https));
            assertThat(trusting.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem").status()).isEqualTo(200);
            RawWsmanClient untrusting = new RawWsmanClient(https.url(), "admin", "s3cret");
            assertThatThrownBy(() -> untrusting.enumerate(ALL_V2, "SELECT * FROM Msvm_ComputerSystem"))
                    .isInstanceOf(javax.net.ssl.SSLException.class);
            java.nio.file.Path pem = https.certificatePem();
            https.close();
            assertThat(pem).doesNotExist();
        }
        assertThat(endpoint.certificatePem()).isNull();
        assertThat(endpoint.libvirtUri()).isEqualTo("hyperv://127.0.0.1:" + endpoint.url().getPort()
                + "/?transport=http");
    }

    private static SSLContext trusting(StandInHypervEndpoint https) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(https.certificatePem())) {
            trust.setCertificateEntry("standin", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
