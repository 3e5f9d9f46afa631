package io.virtkit.hyperv.internal.wsman;

/** A method answered a ReturnValue other than 0 (done) or 4096 (job started). */
public final class WsmanMethodException extends WsmanException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final long returnValue;

    public WsmanMethodException(String method, long returnValue) {
        super(method + " returned " + returnValue + " (" + MsvmReturnCodes.describe(returnValue) + ")");
        this.method = method;
        this.returnValue = returnValue;
    }

    public String method() {
        return method;
    }

    public long returnValue() {
        return returnValue;
    }

    /** The meaning Microsoft's Msvm_* documentation gives the value ("Invalid state for this operation"). */
    public String description() {
        return MsvmReturnCodes.describe(returnValue);
    }
}
