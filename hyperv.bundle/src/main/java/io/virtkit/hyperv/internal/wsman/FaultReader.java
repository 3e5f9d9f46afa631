package io.virtkit.hyperv.internal.wsman;

/**
 * Reads a SOAP 1.2 {@code s:Fault}: {@code s:Code/s:Value}, {@code s:Code/s:Subcode/s:Value},
 * {@code s:Reason/s:Text}, and WinRM's {@code s:Detail/f:WSManFault} ({@code @Code}, {@code f:Message}).
 */
final class FaultReader {

    private FaultReader() {
    }

    static WsmanFault fault(String operation, int httpStatus, XmlElement fault) {
        XmlElement code = fault.child(WsmanUris.SOAP, "Code").orElse(null);
        String codeValue = code == null ? null : localName(code.childText(WsmanUris.SOAP, "Value"));
        String subcode = code == null ? null : code.child(WsmanUris.SOAP, "Subcode")
                .map(s -> localName(s.childText(WsmanUris.SOAP, "Value"))).orElse(null);
        String reason = fault.child(WsmanUris.SOAP, "Reason").map(r -> r.childText(WsmanUris.SOAP, "Text"))
                .orElse("");
        XmlElement wsmanFault = fault.child(WsmanUris.SOAP, "Detail")
                .flatMap(d -> d.child(WsmanUris.WSMAN_FAULT, "WSManFault")).orElse(null);
        String wsmanCode = wsmanFault == null ? null : wsmanFault.attributes().get("Code");
        String message = wsmanFault == null ? null
                : wsmanFault.child(WsmanUris.WSMAN_FAULT, "Message").map(XmlElement::deepText).orElse(null);
        return new WsmanFault(operation, httpStatus, codeValue == null ? "Receiver" : codeValue, subcode,
                reason == null ? "" : reason, wsmanCode, message);
    }

    private static String localName(String qname) {
        return qname == null ? null : qname.substring(qname.indexOf(':') + 1);
    }
}
