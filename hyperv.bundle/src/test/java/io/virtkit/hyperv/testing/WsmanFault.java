package io.virtkit.hyperv.testing;

/**
 * A SOAP fault the stand-in answers (HTTP 500) as Windows WinRM words it: the SOAP code (Sender or Receiver), the
 * WS-Man subcode as a prefixed name (its prefix one of the envelope's: a, w, n), the reason, and the WinRM error
 * number of the {@code f:WSManFault} detail.
 */
final class WsmanFault extends RuntimeException {

    private final boolean sender;
    private final String subcode;
    private final long wsmanCode;

    private WsmanFault(boolean sender, String subcode, long wsmanCode, String reason) {
        super(reason);
        this.sender = sender;
        this.subcode = subcode;
        this.wsmanCode = wsmanCode;
    }

    boolean sender() {
        return sender;
    }

    String subcode() {
        return subcode;
    }

    long wsmanCode() {
        return wsmanCode;
    }

    String reason() {
        return getMessage();
    }

    static WsmanFault invalidSelectors() {
        return new WsmanFault(true, "w:InvalidSelectors", 2150858843L, "The WS-Management service cannot process "
                + "the request because the request contained invalid selectors for the resource.");
    }

    static WsmanFault invalidClass() {
        return new WsmanFault(true, "a:DestinationUnreachable", 2150858752L, "The WS-Management service cannot "
                + "process the request. The WMI service returned an 'invalid class' error.");
    }

    static WsmanFault invalidNamespace() {
        return new WsmanFault(true, "a:DestinationUnreachable", 2150858752L, "The WS-Management service cannot "
                + "process the request. The WMI service returned an 'invalid namespace' error.");
    }

    static WsmanFault actionNotSupported(String action) {
        return new WsmanFault(true, "a:ActionNotSupported", 2150858776L, "The WS-Management service cannot "
                + "process the request because the action is not supported: " + action);
    }

    static WsmanFault cannotProcessFilter(String detail) {
        return new WsmanFault(true, "w:CannotProcessFilter", 2150859187L, "The WS-Management service cannot "
                + "process the request because the filter is invalid (" + detail + ").");
    }

    static WsmanFault invalidEnumerationContext() {
        return new WsmanFault(true, "n:InvalidEnumerationContext", 2150858819L, "The WS-Management service "
                + "cannot process the request because the enumeration context supplied in the message is not valid: "
                + "it expired, ended or was never issued.");
    }

    static WsmanFault invalidMessage(String detail) {
        return new WsmanFault(true, "w:SchemaValidationError", 2150858817L, "The WS-Management service cannot "
                + "process the request because the request is not a valid WS-Management message: " + detail);
    }

    static WsmanFault invalidParameter(String detail) {
        return new WsmanFault(true, "w:InvalidParameter", 2150858842L, "The WS-Management service cannot "
                + "process the request because a parameter is not valid: " + detail);
    }

    static WsmanFault internalError(RuntimeException cause) {
        return new WsmanFault(false, "w:InternalError", 2150858753L, "The WS-Management service cannot process "
                + "the request because of an internal error: " + cause);
    }
}
