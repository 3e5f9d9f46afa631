package io.virtkit.hyperv.internal.wsman;

/**
 * A SOAP fault the service answered (HTTP 500, sometimes 400): {@code s:Code/s:Value} (Sender, Receiver),
 * {@code s:Code/s:Subcode/s:Value} (InvalidSelectors, DestinationUnreachable, ActionNotSupported,
 * CannotProcessFilter, InvalidEnumerationContext …), {@code s:Reason/s:Text}, and WinRM's
 * {@code f:WSManFault} detail: its {@code Code} (a Windows error number such as 2150858843) and {@code f:Message}.
 * Codes are kept as local names: the prefixes of a QName are the sender's choice.
 */
public final class WsmanFault extends WsmanException {
    private static final long serialVersionUID = 1L;

    private final String operation;
    private final int httpStatus;
    private final String code;
    private final String subcode;
    private final String reason;
    private final String wsmanFaultCode;
    private final String detailMessage;

    public WsmanFault(String operation, int httpStatus, String code, String subcode, String reason,
            String wsmanFaultCode, String detailMessage) {
        super(operation + ": " + (subcode == null ? code : subcode) + " - " + reason
                + (wsmanFaultCode == null ? "" : " (WSManFault " + wsmanFaultCode
                        + (detailMessage == null || detailMessage.equals(reason) ? "" : ": " + detailMessage) + ")"));
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.code = code;
        this.subcode = subcode;
        this.reason = reason;
        this.wsmanFaultCode = wsmanFaultCode;
        this.detailMessage = detailMessage;
    }

    /** What was asked ("Get Msvm_ComputerSystem", "Invoke RequestStateChange", "Pull root/cimv2"). */
    public String operation() {
        return operation;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The local name of {@code s:Code/s:Value}: Sender or Receiver. */
    public String code() {
        return code;
    }

    /** The local name of {@code s:Subcode/s:Value} ("InvalidSelectors"), null when there is none. */
    public String subcode() {
        return subcode;
    }

    /** {@code s:Reason/s:Text}, empty when absent. */
    public String reason() {
        return reason;
    }

    /** {@code f:WSManFault/@Code}, null when the fault has no such detail. */
    public String wsmanFaultCode() {
        return wsmanFaultCode;
    }

    /** The text of {@code f:WSManFault/f:Message}, null when absent. */
    public String detailMessage() {
        return detailMessage;
    }

    /** Whether the fault's subcode has that local name ("InvalidSelectors"). */
    public boolean is(String subcodeLocalName) {
        return subcodeLocalName.equals(subcode);
    }
}
