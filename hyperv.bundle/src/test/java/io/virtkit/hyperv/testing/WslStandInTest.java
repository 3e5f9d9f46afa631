package io.virtkit.hyperv.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * A third-party client against the stand-in: Debian's wsl (Dell's curl-based WS-Man shell) enumerates with a WQL
 * filter and pulls, gets and invokes with Basic over HTTP; every answer it saved must be well-formed and right.
 */
class WslStandInTest {

    private static final Path WSL = Path.of("/usr/bin/wsl");
    private static final String V2 = RawWsmanClient.V2;
    private static final String VM = V2 + "Msvm_ComputerSystem";

    @TempDir
    Path dir;

    private StandInHypervEndpoint endpoint;

    @BeforeEach
    void start() {
        ThirdPartyClient.requireInstalled(WSL);
        endpoint = StandInHypervEndpoint.startHttp("wsladmin", "wsl-secret");
    }

    @AfterEach
    void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    @Test
    void wslEnumeratesWithWqlAndPullsUntilTheEnd() throws Exception {
        endpoint.host().setPageSize(3);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            names.add("vm-" + i);
            endpoint.host().addVirtualMachine("vm-" + i, 1, 512, i % 2 == 0 ? 2 : 3);
        }
        ThirdPartyClient wsl = new ThirdPartyClient(Files.createDirectory(dir.resolve("enum")));
        ThirdPartyClient.Result result = wsl.run(List.of(WSL.toString(), "enum", V2 + "*", "-dialect",
                WsmanDispatcher.WQL_DIALECT, "-filter",
                "SELECT * FROM Msvm_ComputerSystem WHERE Description = 'Microsoft Virtual Machine'"), environment());
        assertThat(result.exit()).as(result.out() + result.err()).isZero();

        List<Path> responses = responses(wsl.dir());
        assertThat(responses).hasSize(3);
        List<String> found = new ArrayList<>();
        for (Path response : responses) {
            Document answer = parse(response);
            assertThat(answer.getElementsByTagNameNS(SoapRequest.SOAP, "Fault").getLength()).isZero();
            found.addAll(texts(answer, VM, "ElementName"));
        }
        assertThat(found).containsExactlyElementsOf(names);
    }

    @Test
    void wslGetsAVmBySelectors() throws Exception {
        String guid = endpoint.host().addVirtualMachine("got by wsl", 2, 2048, 3);
        ThirdPartyClient wsl = new ThirdPartyClient(Files.createDirectory(dir.resolve("get")));
        ThirdPartyClient.Result result = wsl.run(List.of(WSL.toString(), "get", VM,
                "CreationClassName=Msvm_ComputerSystem", "Name=" + guid), environment());
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        Document answer = parse(wsl.dir().resolve("response.xml"));
        assertThat(texts(answer, VM, "ElementName")).containsExactly("got by wsl");
        assertThat(texts(answer, VM, "Name")).containsExactly(guid);
    }

    @Test
    void wslInvokesRequestStateChangeOnAnEprFromAFile() throws Exception {
        String guid = endpoint.host().addVirtualMachine("invoked", 1, 512, 3);
        ThirdPartyClient wsl = new ThirdPartyClient(Files.createDirectory(dir.resolve("invoke")));
        Path raw = wsl.dir().resolve("epr-raw.xml");
        Files.writeString(raw, "<wsa:EndpointReference xmlns:wsa=\"" + SoapRequest.ADDRESSING + "\" xmlns:wsman=\""
                + SoapRequest.WSMAN + "\"><wsa:Address>" + SoapAnswerWriter.ANONYMOUS + "</wsa:Address>"
                + "<wsa:ReferenceParameters><wsman:ResourceURI>" + VM + "</wsman:ResourceURI><wsman:SelectorSet>"
                + "<wsman:Selector Name=\"CreationClassName\">Msvm_ComputerSystem</wsman:Selector>"
                + "<wsman:Selector Name=\"Name\">" + guid + "</wsman:Selector></wsman:SelectorSet>"
                + "</wsa:ReferenceParameters></wsa:EndpointReference>");
        // wsl reads an EPR file line by line: it must be formatted one element a line, as xmllint --format does.
        ThirdPartyClient.Result formatted = wsl.run(List.of("xmllint", "--format", "--output", "epr.xml",
                raw.toString()), Map.of());
        assertThat(formatted.exit()).as(formatted.err()).isZero();

        List<String> invoke = List.of(WSL.toString(), "invoke", VM, "RequestStateChange", "RequestedState=2",
                "-inst", "epr.xml");
        ThirdPartyClient.Result result = wsl.run(invoke, environment());
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        Document answer = parse(wsl.dir().resolve("response.xml"));
        assertThat(texts(answer, VM, "ReturnValue")).containsExactly("4096");
        assertThat(texts(answer, SoapRequest.WSMAN, "ResourceURI")).containsExactly(V2 + "Msvm_ConcreteJob");
        PythonWinrmStandInTest.waitForState(endpoint.host(), guid, 2);

        ThirdPartyClient.Result again = wsl.run(invoke, environment());
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        assertThat(texts(parse(wsl.dir().resolve("response.xml")), VM, "ReturnValue")).containsExactly("32775");
    }

    @Test
    void wslGetsAWellFormedFaultForSelectorsThatNameNothing() throws Exception {
        endpoint.host().addVirtualMachine("vm", 1, 512, 3);
        ThirdPartyClient wsl = new ThirdPartyClient(Files.createDirectory(dir.resolve("fault")));
        ThirdPartyClient.Result result = wsl.run(List.of(WSL.toString(), "get", VM,
                "CreationClassName=Msvm_ComputerSystem", "Name=NO-SUCH-VM"), environment());
        assertThat(result.exit()).isNotZero();
        Document answer = parse(wsl.dir().resolve("response.xml"));
        assertThat(texts(answer, SoapRequest.SOAP, "Value")).containsExactly("s:Sender", "w:InvalidSelectors");
    }

    private Map<String, String> environment() {
        return Map.of("WSENDPOINT", "127.0.0.1:" + endpoint.url().getPort(), "WSUSER", "wsladmin",
                "WSPASS", "wsl-secret", "WSNOSSL", "true", "KEEPHISTORY", "0", "IPINTERACTIVE", "0",
                "SHELL", "bash");
    }

    /** The answers wsl saved, in the order it got them (response-1.xml, response-2.xml…). */
    private static List<Path> responses(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("response-\\d+\\.xml"))
                    .sorted(java.util.Comparator.comparingInt(f -> Integer.parseInt(
                            f.getFileName().toString().replaceAll("\\D", ""))))
                    .toList();
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static List<String> texts(Document document, String namespace, String localName) {
        NodeList nodes = document.getElementsByTagNameNS(namespace, localName);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getTextContent());
        }
        return out;
    }
}
