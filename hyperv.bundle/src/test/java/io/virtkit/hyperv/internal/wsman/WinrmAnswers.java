package io.virtkit.hyperv.internal.wsman;

/**
 * Hand-written answers shaped as Windows' WinRM gives them (after the examples of MS-WSMV and DSP0226: the
 * namespace prefixes WinRM uses, {@code xml:lang} on the envelope, whitespace-free bodies). {@code $RELATES_TO}
 * stands for the MessageID of the request being answered.
 */
final class WinrmAnswers {

    static final String V2 = "http://schemas.microsoft.com/wbem/wsman/1/wmi/root/virtualization/v2/";
    static final String CS = V2 + "Msvm_ComputerSystem";
    static final String VSMS = V2 + "Msvm_VirtualSystemManagementService";
    static final String JOB = V2 + "Msvm_ConcreteJob";

    private static final String OPEN = "<s:Envelope xml:lang=\"en-US\" xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\""
            + " xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\""
            + " xmlns:n=\"http://schemas.xmlsoap.org/ws/2004/09/enumeration\""
            + " xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\""
            + " xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\">";

    private WinrmAnswers() {
    }

    static String envelope(String action, String body) {
        return OPEN + "<s:Header><a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>"
                + "<a:Action>" + action + "</a:Action>"
                + "<a:MessageID>uuid:5E4A9F76-3D1C-4D8E-9E0B-2C6F1A7B8C9D</a:MessageID>"
                + "<a:RelatesTo>$RELATES_TO</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String computerSystem(String name, String elementName, int enabledState) {
        return "<p:Msvm_ComputerSystem xmlns:p=\"" + CS + "\" xmlns:cim=\"http://schemas.dmtf.org/wbem/wscim/1/common\""
                + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<p:Caption>Virtual Machine</p:Caption><p:CreationClassName>Msvm_ComputerSystem</p:CreationClassName>"
                + "<p:Description>Microsoft Virtual Machine</p:Description><p:ElementName>" + elementName
                + "</p:ElementName><p:EnabledState>" + enabledState + "</p:EnabledState>"
                + "<p:InstallDate><cim:Datetime>2024-01-02T03:04:05Z</cim:Datetime></p:InstallDate>"
                + "<p:Name>" + name + "</p:Name><p:OnTimeInMilliseconds>12345</p:OnTimeInMilliseconds>"
                + "<p:OperationalStatus>2</p:OperationalStatus><p:OperationalStatus>32768</p:OperationalStatus>"
                + "<p:ProcessID xsi:nil=\"true\"/></p:Msvm_ComputerSystem>";
    }

    static String enumerateResponse(String context, boolean end, String... items) {
        return envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/EnumerateResponse",
                "<n:EnumerateResponse>" + (context == null ? "" : "<n:EnumerationContext>" + context
                        + "</n:EnumerationContext>") + "<w:Items>" + String.join("", items) + "</w:Items>"
                        + (end ? "<w:EndOfSequence/>" : "") + "</n:EnumerateResponse>");
    }

    static String pullResponse(String context, boolean end, String... items) {
        return envelope("http://schemas.xmlsoap.org/ws/2004/09/enumeration/PullResponse",
                "<n:PullResponse>" + (context == null ? "" : "<n:EnumerationContext>" + context
                        + "</n:EnumerationContext>") + "<n:Items>" + String.join("", items) + "</n:Items>"
                        + (end ? "<n:EndOfSequence/>" : "") + "</n:PullResponse>");
    }

    static String getResponse(String instance) {
        return envelope("http://schemas.xmlsoap.org/ws/2004/09/transfer/GetResponse", instance);
    }

    static String job(String instanceId, int state, String errorCode, String errorDescription) {
        return getResponse("<p:Msvm_ConcreteJob xmlns:p=\"" + JOB + "\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
                + "<p:ErrorCode>" + errorCode + "</p:ErrorCode>"
                + (errorDescription == null ? "<p:ErrorDescription xsi:nil=\"true\"/>"
                        : "<p:ErrorDescription>" + errorDescription + "</p:ErrorDescription>")
                + "<p:InstanceID>" + instanceId + "</p:InstanceID><p:JobState>" + state + "</p:JobState>"
                + "<p:PercentComplete>" + (state == 7 ? 100 : 30) + "</p:PercentComplete></p:Msvm_ConcreteJob>");
    }

    static String defineSystemOutput(long returnValue, String jobId) {
        return envelope(VSMS + "/DefineSystemResponse", "<p:DefineSystem_OUTPUT xmlns:p=\"" + VSMS + "\">"
                + (jobId == null ? "" : "<p:Job><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
                        + "</a:Address><a:ReferenceParameters><w:ResourceURI>" + JOB + "</w:ResourceURI><w:SelectorSet>"
                        + "<w:Selector Name=\"InstanceID\">" + jobId + "</w:Selector></w:SelectorSet>"
                        + "</a:ReferenceParameters></p:Job>")
                + "<p:ResultingSystem><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address>"
                + "<a:ReferenceParameters><w:ResourceURI>" + CS + "</w:ResourceURI><w:SelectorSet>"
                + "<w:Selector Name=\"CreationClassName\">Msvm_ComputerSystem</w:Selector>"
                + "<w:Selector Name=\"Name\">6A8E6C12-4D6B-4C5C-9D9E-0F1A2B3C4D5E</w:Selector></w:SelectorSet>"
                + "</a:ReferenceParameters></p:ResultingSystem>"
                + "<p:ReturnValue>" + returnValue + "</p:ReturnValue></p:DefineSystem_OUTPUT>");
    }

    static String fault(String code, String subcode, String reason, String wsmanCode) {
        return envelope("http://schemas.dmtf.org/wbem/wsman/1/wsman/fault", "<s:Fault><s:Code><s:Value>s:" + code
                + "</s:Value><s:Subcode><s:Value>" + subcode + "</s:Value></s:Subcode></s:Code>"
                + "<s:Reason><s:Text xml:lang=\"en-US\">" + reason + " </s:Text></s:Reason>"
                + "<s:Detail><f:WSManFault xmlns:f=\"http://schemas.microsoft.com/wbem/wsman/1/wsmanfault\" Code=\""
                + wsmanCode + "\" Machine=\"hyperv1.example.org\"><f:Message>" + reason + " </f:Message></f:WSManFault>"
                + "<w:FaultDetail>http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors"
                + "</w:FaultDetail></s:Detail></s:Fault>");
    }

    static final String INVALID_SELECTORS = fault("Sender", "w:InvalidSelectors", "The WS-Management service cannot "
            + "process the request because the request contained invalid selectors for the resource.", "2150858843");
}
