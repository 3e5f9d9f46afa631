package io.virtkit.hyperv.internal.wsman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Answers shaped as WinRM's, read as the client reads them: envelope, instance, references, faults. */
class AnswerReaderTest {

    private static AnswerReader.Answer read(String envelope) {
        return AnswerReader.read(envelope.replace("$RELATES_TO", "uuid:1").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheAddressingHeadersAndTheBody() {
        AnswerReader.Answer answer = read(WinrmAnswers.getResponse(WinrmAnswers.computerSystem("AB", "web", 2)));

        assertThat(answer.action()).isEqualTo("http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse");
        assertThat(answer.relatesTo()).isEqualTo("uuid:1");
        assertThat(answer.messageId()).startsWith("uuid:5E4A");
        assertThat(answer.isFault()).isFalse();
        assertThat(answer.body().name()).isEqualTo("Msvm_ComputerSystem");
    }

    @Test
    void anInstanceKeepsTextArraysNilsAndDatetimesInDocumentOrder() {
        CimInstance vm = InstanceReader.instance(read(WinrmAnswers.getResponse(
                WinrmAnswers.computerSystem("6A8E", "we\"b", 3))).body());

        assertThat(vm.className()).isEqualTo("Msvm_ComputerSystem");
        assertThat(vm.resourceUri()).isEqualTo(WinrmAnswers.CS);
        assertThat(vm.get("ElementName")).isEqualTo("we\"b");
        assertThat(vm.get("EnabledState")).isEqualTo("3");
        assertThat(vm.getAll("OperationalStatus")).containsExactly("2", "32768");
        assertThat(vm.get("InstallDate")).isEqualTo("2024-01-02T03:04:05Z");
        assertThat(vm.has("ProcessID")).isTrue();
        assertThat(vm.get("ProcessID")).isNull();
        assertThat(vm.getAll("ProcessID")).isEmpty();
        assertThat(vm.get("Absent")).isNull();
        assertThat(vm.properties().keySet()).containsExactly("Caption", "CreationClassName", "Description",
                "ElementName", "EnabledState", "InstallDate", "Name", "OnTimeInMilliseconds", "OperationalStatus",
                "ProcessID");
    }

    @Test
    void methodOutputHoldsReferencesAsCimReferences() {
        CimInstance output = InstanceReader.instance(read(WinrmAnswers.defineSystemOutput(4096,
                "Microsoft:1D2E")).body());
        InvokeResult result = new InvokeResult(Long.parseLong(output.get("ReturnValue")), output);

        assertThat(result.job()).contains(new CimReference(WinrmAnswers.JOB,
                java.util.Map.of("InstanceID", "Microsoft:1D2E")));
        CimReference system = output.reference("ResultingSystem");
        assertThat(system.className()).isEqualTo("Msvm_ComputerSystem");
        assertThat(system.selectors()).containsExactly(
                java.util.Map.entry("CreationClassName", "Msvm_ComputerSystem"),
                java.util.Map.entry("Name", "6A8E6C12-4D6B-4C5C-9D9E-0F1A2B3C4D5E"));
        assertThat(output.get("ResultingSystem"))
                .isEqualTo("Msvm_ComputerSystem.CreationClassName=\"Msvm_ComputerSystem\","
                        + "Name=\"6A8E6C12-4D6B-4C5C-9D9E-0F1A2B3C4D5E\"");
    }

    @Test
    void aReturnValueOfZeroHasNoJob() {
        CimInstance output = InstanceReader.instance(read(WinrmAnswers.defineSystemOutput(0, null)).body());

        assertThat(new InvokeResult(0, output).job()).isEmpty();
    }

    @Test
    void aFaultGivesCodeSubcodeReasonAndWsmanDetail() {
        AnswerReader.Answer answer = read(WinrmAnswers.INVALID_SELECTORS);

        WsmanFault fault = FaultReader.fault("Get Msvm_ComputerSystem", 500, answer.body());

        assertThat(answer.isFault()).isTrue();
        assertThat(fault.code()).isEqualTo("Sender");
        assertThat(fault.subcode()).isEqualTo("InvalidSelectors");
        assertThat(fault.is("InvalidSelectors")).isTrue();
        assertThat(fault.reason()).isEqualTo("The WS-Management service cannot process the request because the "
                + "request contained invalid selectors for the resource.");
        assertThat(fault.wsmanFaultCode()).isEqualTo("2150858843");
        assertThat(fault.detailMessage()).isEqualTo(fault.reason());
        assertThat(fault.httpStatus()).isEqualTo(500);
        assertThat(fault).hasMessage("Get Msvm_ComputerSystem: InvalidSelectors - The WS-Management service cannot "
                + "process the request because the request contained invalid selectors for the resource. "
                + "(WSManFault 2150858843)");
    }

    @Test
    void aFaultWithoutSubcodeOrDetailStillReads() {
        String envelope = WinrmAnswers.envelope("http://www.w3.org/2005/08/addressing/soap/fault",
                "<s:Fault><s:Code><s:Value>s:Receiver</s:Value></s:Code><s:Reason><s:Text xml:lang=\"en-US\">"
                        + "Internal\n error</s:Text></s:Reason></s:Fault>");

        WsmanFault fault = FaultReader.fault("Pull root/cimv2", 500, read(envelope).body());

        assertThat(fault.code()).isEqualTo("Receiver");
        assertThat(fault.subcode()).isNull();
        assertThat(fault.wsmanFaultCode()).isNull();
        assertThat(fault).hasMessage("Pull root/cimv2: Receiver - Internal error");
    }

    @Test
    void whatIsNotASoap12EnvelopeIsAProtocolError() {
        assertThatThrownBy(() -> read("<html><body>proxy error</body></html>"))
                .isInstanceOf(WsmanProtocolException.class).hasMessageContaining("not a SOAP 1.2 envelope");
        assertThatThrownBy(() -> read("<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
                + "<x/></s:Body></s:Envelope>")).isInstanceOf(WsmanProtocolException.class);
        assertThatThrownBy(() -> read(WinrmAnswers.getResponse("<p:X xmlns:p=\"u\">").replace("</s:Body></s:Envelope>",
                ""))).isInstanceOf(WsmanProtocolException.class).hasMessageContaining("not XML");
        assertThatThrownBy(() -> read(WinrmAnswers.envelope("x", ""))).isInstanceOf(WsmanProtocolException.class)
                .hasMessageContaining("body is empty");
    }

    @Test
    void anEmbeddedObjectIsAnInstanceNamedByItsXsiType() {
        String answer = WinrmAnswers.getResponse("<p:GetSummaryInformation_OUTPUT xmlns:p=\"" + WinrmAnswers.VSMS
                + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><p:SummaryInformation "
                + "xsi:type=\"p:Msvm_SummaryInformation_Type\"><p:ElementName>web</p:ElementName>"
                + "<p:NumberOfProcessors>2</p:NumberOfProcessors></p:SummaryInformation>"
                + "<p:ReturnValue>0</p:ReturnValue></p:GetSummaryInformation_OUTPUT>");

        CimInstance output = InstanceReader.instance(read(answer).body());

        CimInstance summary = output.embedded("SummaryInformation");
        assertThat(summary.className()).isEqualTo("Msvm_SummaryInformation");
        assertThat(summary.get("NumberOfProcessors")).isEqualTo("2");
        assertThat(output.get("ReturnValue")).isEqualTo("0");
    }
}
