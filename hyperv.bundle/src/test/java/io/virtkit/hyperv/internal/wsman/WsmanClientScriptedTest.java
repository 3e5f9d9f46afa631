package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** The client against a test double replaying WinRM-shaped answers: what it sends, how it reads the answers. */
class WsmanClientScriptedTest {

    private ScriptedWsmanServerTestDouble server;
    private WsmanClient client;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedWsmanServerTestDouble();
        client = new WsmanClient(new WsmanEndpoint(server.url(), "administrator", "pa:ss wörd".toCharArray(), null,
                Duration.ofSeconds(5), Duration.ofSeconds(10)));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private static final CimReference VM = new CimReference(WinrmAnswers.CS,
            Map.of("CreationClassName", "Msvm_ComputerSystem"));

    @Test
    void aQueryReadsEveryItemOfTheEnumerateAndOfEveryPull() throws Exception {
        server.then(WinrmAnswers.enumerateResponse("uuid:ctx-1", false, vm(1), vm(2)))
                .then(WinrmAnswers.pullResponse("uuid:ctx-2", false, vm(3), vm(4), vm(5)))
                .then(WinrmAnswers.pullResponse(null, true, vm(6)));

        List<CimInstance> vms = client.query("root/virtualization/v2", Wql.select("Msvm_ComputerSystem")
                .where("ElementName", "it's \"x\""));

        assertThat(vms).extracting(vm -> vm.get("ElementName")).containsExactly("vm1", "vm2", "vm3", "vm4", "vm5",
                "vm6");
        assertThat(client.roundTrips()).isEqualTo(3);
        List<ScriptedWsmanServerTestDouble.Received> sent = server.received();
        Document enumerate = parse(sent.get(0).body());
        assertThat(xpath(enumerate, "/s:Envelope/s:Header/a:Action")).isEqualTo(
                "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate");
        assertThat(xpath(enumerate, "/s:Envelope/s:Header/w:ResourceURI")).isEqualTo(
                "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/*");
        assertThat(xpath(enumerate, "/s:Envelope/s:Body/n:Enumerate/w:Filter/@Dialect")).isEqualTo(
                "http://schemas.microsoft.com/wbem/wsman/1/WQL");
        assertThat(xpath(enumerate, "/s:Envelope/s:Body/n:Enumerate/w:Filter")).isEqualTo(
                "SELECT * FROM Msvm_ComputerSystem WHERE ElementName = \"it\\'s \\\"x\\\"\"");
        assertThat(xpath(enumerate, "count(/s:Envelope/s:Body/n:Enumerate/w:OptimizeEnumeration)")).isEqualTo("1");
        assertThat(xpath(parse(sent.get(1).body()), "/s:Envelope/s:Body/n:Pull/n:EnumerationContext"))
                .isEqualTo("uuid:ctx-1");
        assertThat(xpath(parse(sent.get(2).body()), "/s:Envelope/s:Body/n:Pull/n:EnumerationContext"))
                .isEqualTo("uuid:ctx-2");
        assertThat(xpath(parse(sent.get(2).body()), "/s:Envelope/s:Header/a:Action")).isEqualTo(
                "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull");
    }

    @Test
    void everyRequestCarriesTheHeadersOfDsp0226AndBasicAuthentication() throws Exception {
        server.then(WinrmAnswers.enumerateResponse(null, true));

        assertThat(client.query("root/cimv2", Wql.select("Win32_Processor"))).isEmpty();

        ScriptedWsmanServerTestDouble.Received request = server.received().get(0);
        assertThat(request.authorization()).isEqualTo("Basic " + Base64.getEncoder().encodeToString(
                "administrator:pa:ss wörd".getBytes(StandardCharsets.UTF_8)));
        assertThat(request.contentType()).isEqualTo("application/soap+xml;charset=UTF-8");
        Document envelope = parse(request.body());
        assertThat(xpath(envelope, "/s:Envelope/s:Header/a:To")).isEqualTo(server.url().toString());
        assertThat(xpath(envelope, "/s:Envelope/s:Header/w:ResourceURI/@s:mustUnderstand")).isEqualTo("true");
        assertThat(xpath(envelope, "/s:Envelope/s:Header/a:ReplyTo/a:Address")).isEqualTo(
                "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous");
        assertThat(xpath(envelope, "/s:Envelope/s:Header/a:Action/@s:mustUnderstand")).isEqualTo("true");
        assertThat(xpath(envelope, "/s:Envelope/s:Header/w:MaxEnvelopeSize")).isEqualTo("512000");
        assertThat(xpath(envelope, "/s:Envelope/s:Header/a:MessageID")).matches("uuid:[0-9a-f-]{36}");
        assertThat(xpath(envelope, "/s:Envelope/s:Header/w:OperationTimeout")).isEqualTo("PT10.000S");
        assertThat(client.roundTrips()).isEqualTo(1);
    }

    @Test
    void getSendsTheSelectorsAndReadsTheInstance() throws Exception {
        server.then(WinrmAnswers.getResponse(WinrmAnswers.computerSystem("6A8E", "web", 2)));
        CimReference vm = new CimReference(WinrmAnswers.CS, Map.of("Name", "6A8E"));

        CimInstance got = client.get(vm);

        assertThat(got.get("Name")).isEqualTo("6A8E");
        Document request = parse(server.received().get(0).body());
        assertThat(xpath(request, "/s:Envelope/s:Header/a:Action")).isEqualTo(
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/Get");
        assertThat(xpath(request, "/s:Envelope/s:Header/w:ResourceURI")).isEqualTo(WinrmAnswers.CS);
        assertThat(xpath(request, "/s:Envelope/s:Header/w:SelectorSet/w:Selector[@Name='Name']")).isEqualTo("6A8E");
        assertThat(xpath(request, "count(/s:Envelope/s:Body/*)")).isEqualTo("0");
    }

    @Test
    void aFaultAnswerIsAWsmanFault() {
        server.then(500, WinrmAnswers.INVALID_SELECTORS);

        assertThatThrownBy(() -> client.get(VM)).isInstanceOfSatisfying(WsmanFault.class, fault -> {
            assertThat(fault.is("InvalidSelectors")).isTrue();
            assertThat(fault.wsmanFaultCode()).isEqualTo("2150858843");
            assertThat(fault.operation()).isEqualTo("Get Msvm_ComputerSystem");
        });
    }

    @Test
    void invokeWritesSimpleEmbeddedAndReferenceParameters() throws Exception {
        server.then(WinrmAnswers.defineSystemOutput(0, null));
        CimReference service = new CimReference(WinrmAnswers.VSMS, Map.of("Name", "vmms"));
        CimInstance settings = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_VirtualSystemSettingData")
                .with("ElementName", "a&b");
        CimInstance memory = CimInstance.of(WsmanUris.VIRTUALIZATION_V2, "Msvm_MemorySettingData")
                .with("VirtualQuantity", "512");
        CimReference template = new CimReference(WinrmAnswers.V2 + "Msvm_VirtualSystemSettingData",
                Map.of("InstanceID", "Microsoft:Definition\\Default"));

        InvokeResult result = client.invoke(service, "DefineSystem", List.of(
                CimParameter.embedded("SystemSettings", settings),
                CimParameter.embedded("ResourceSettings", settings, memory),
                CimParameter.reference("ReferenceConfiguration", template),
                CimParameter.simple("Note", "x", "y")));

        assertThat(result.returnValue()).isZero();
        assertThat(result.output().reference("ResultingSystem").selectors()).containsEntry("Name",
                "6A8E6C12-4D6B-4C5C-9D9E-0F1A2B3C4D5E");
        Document request = parse(server.received().get(0).body());
        assertThat(xpath(request, "/s:Envelope/s:Header/a:Action")).isEqualTo(WinrmAnswers.VSMS + "/DefineSystem");
        assertThat(xpath(request, "/s:Envelope/s:Header/w:SelectorSet/w:Selector[@Name='Name']")).isEqualTo("vmms");
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:SystemSettings"))
                .isEqualTo(settings.toCimXml());
        assertThat(xpath(request, "count(/s:Envelope/s:Body/p:DefineSystem_INPUT/p:ResourceSettings)")).isEqualTo("2");
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:ResourceSettings[2]"))
                .isEqualTo(memory.toCimXml());
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:ReferenceConfiguration/a:Address"))
                .isEqualTo(WsmanUris.ANONYMOUS);
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:ReferenceConfiguration"
                + "/a:ReferenceParameters/w:ResourceURI")).isEqualTo(template.resourceUri());
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:ReferenceConfiguration"
                + "/a:ReferenceParameters/w:SelectorSet/w:Selector[@Name='InstanceID']"))
                .isEqualTo("Microsoft:Definition\\Default");
        assertThat(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:Note[2]")).isEqualTo("y");
        assertThat(CimInstance.fromCimXml(xpath(request, "/s:Envelope/s:Body/p:DefineSystem_INPUT/p:SystemSettings"))
                .get("ElementName")).isEqualTo("a&b");
    }

    @Test
    void invokeAndWaitPollsTheJobUntilItCompletes() {
        server.then(WinrmAnswers.defineSystemOutput(4096, "Microsoft:J1"))
                .then(WinrmAnswers.job("Microsoft:J1", 3, "0", null))
                .then(WinrmAnswers.job("Microsoft:J1", 4, "0", null))
                .then(WinrmAnswers.job("Microsoft:J1", 7, "0", null));

        InvokeResult result = client.invokeAndWait(new CimReference(WinrmAnswers.VSMS, Map.of()), "DefineSystem",
                List.of(), Duration.ofSeconds(10));

        assertThat(result.returnValue()).isEqualTo(4096);
        assertThat(result.output().reference("ResultingSystem")).isNotNull();
        assertThat(client.roundTrips()).isEqualTo(4);
        assertThat(server.unanswered()).isZero();
        assertThat(server.received().get(3).body()).contains("<w:Selector Name=\"InstanceID\">Microsoft:J1</w:Selector>")
                .contains("/Msvm_ConcreteJob</w:ResourceURI>");
    }

    @Test
    void aFailedJobIsReportedWithItsErrorCodeAndDescription() {
        server.then(WinrmAnswers.defineSystemOutput(4096, "Microsoft:J2"))
                .then(WinrmAnswers.job("Microsoft:J2", 10, "32768", "Failed to create the virtual machine."));

        assertThatThrownBy(() -> client.invokeAndWait(new CimReference(WinrmAnswers.VSMS, Map.of()), "DefineSystem",
                List.of(), Duration.ofSeconds(10))).isInstanceOfSatisfying(WsmanJobFailedException.class, e -> {
                    assertThat(e.jobState()).isEqualTo(10);
                    assertThat(e.errorCode()).isEqualTo(32768L);
                    assertThat(e.errorDescription()).isEqualTo("Failed to create the virtual machine.");
                    assertThat(e.jobInstanceId()).isEqualTo("Microsoft:J2");
                    assertThat(e).hasMessage("the job of DefineSystem (Microsoft:J2) ended in state 10 Exception, "
                            + "error code 32768: Failed to create the virtual machine.");
                });
    }

    @Test
    void aJobStillRunningAtTheTimeoutIsATimeoutNamingTheJob() {
        server.then(WinrmAnswers.defineSystemOutput(4096, "Microsoft:J3"))
                .then(WinrmAnswers.job("Microsoft:J3", 4, "0", null));

        assertThatThrownBy(() -> client.invokeAndWait(new CimReference(WinrmAnswers.VSMS, Map.of()), "DefineSystem",
                List.of(), Duration.ZERO)).isInstanceOf(WsmanJobTimeoutException.class)
                .hasMessageContaining("Microsoft:J3").hasMessageContaining("Running");
    }

    @Test
    void aReturnValueThatIsAnErrorIsAMethodException() {
        server.then(WinrmAnswers.defineSystemOutput(32775, null));

        assertThatThrownBy(() -> client.invokeAndWait(new CimReference(WinrmAnswers.VSMS, Map.of()), "DefineSystem",
                List.of(), Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(WsmanMethodException.class, e -> {
                    assertThat(e.returnValue()).isEqualTo(32775);
                    assertThat(e).hasMessage("DefineSystem returned 32775 (Invalid state for this operation)");
                });
    }

    @Test
    void anAnswerToAnotherRequestOrOfAnotherActionIsRefused() {
        server.then(WinrmAnswers.getResponse(WinrmAnswers.computerSystem("A", "a", 2)).replace("$RELATES_TO",
                "uuid:00000000-0000-0000-0000-000000000000"));
        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanProtocolException.class)
                .hasMessageContaining("relates to uuid:00000000-0000-0000-0000-000000000000");

        server.then(WinrmAnswers.enumerateResponse(null, true));
        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanProtocolException.class)
                .hasMessageContaining("EnumerateResponse");
    }

    @Test
    void status401IsAnAuthenticationFailure() {
        server.then(401, "");

        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanAuthenticationException.class)
                .hasMessageContaining("administrator").hasMessageContaining("127.0.0.1:" + server.url().getPort());
    }

    @Test
    void anHttpErrorWithoutAFaultIsAProtocolError() {
        server.then(500, "");
        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanProtocolException.class)
                .hasMessageContaining("HTTP response code 500");
        server.then(200, "not xml");
        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanProtocolException.class)
                .hasMessageContaining("malformed answer");
    }

    @Test
    void anEnumerationThatNeitherEndsNorGivesAContextIsAProtocolError() {
        server.then(WinrmAnswers.enumerateResponse(null, false, vm(1)));

        assertThatThrownBy(() -> client.query("root/virtualization/v2", Wql.select("Msvm_ComputerSystem")))
                .isInstanceOf(WsmanProtocolException.class).hasMessageContaining("no context");
    }

    @Test
    void anEnumerationGivenUpOnAnUnusableAnswerIsReleased() throws Exception {
        server.then(WinrmAnswers.enumerateResponse("uuid:ctx-9", false, vm(1)))
                .then(WinrmAnswers.getResponse(vm(2)))
                .then(WinrmAnswers.envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/ReleaseResponse", ""
                        + "<n:ReleaseResponse/>"));

        assertThatThrownBy(() -> client.query("root/virtualization/v2", Wql.select("Msvm_ComputerSystem")))
                .isInstanceOf(WsmanProtocolException.class);

        Document release = parse(server.received().get(2).body());
        assertThat(xpath(release, "/s:Envelope/s:Header/a:Action")).isEqualTo(
                "http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release");
        assertThat(xpath(release, "/s:Envelope/s:Body/n:Release/n:EnumerationContext")).isEqualTo("uuid:ctx-9");
        assertThat(server.unanswered()).isZero();
    }

    @Test
    void aClosedClientRefusesCalls() {
        client.close();

        assertThatThrownBy(() -> client.get(VM)).isInstanceOf(WsmanTransportException.class);
        assertThat(server.received()).isEmpty();
    }

    private static String vm(int i) {
        return WinrmAnswers.computerSystem("GUID-" + i, "vm" + i, 2);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static String xpath(Document document, String expression) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        Map<String, String> prefixes = Map.of("s", WsmanUris.SOAP, "a", WsmanUris.ADDRESSING, "w", WsmanUris.WSMAN,
                "n", WsmanUris.ENUMERATION, "p", WinrmAnswers.VSMS);
        xpath.setNamespaceContext(new NamespaceContext() {
            @Override
            public String getNamespaceURI(String prefix) {
                return prefixes.get(prefix);
            }

            @Override
            public String getPrefix(String uri) {
                return null;
            }

            @Override
            public java.util.Iterator<String> getPrefixes(String uri) {
                return null;
            }
        });
        return xpath.evaluate(expression, document);
    }
}
