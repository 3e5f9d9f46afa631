package io.virtkit.esx.internal.vim;

import java.util.Optional;

/**
 * A SOAP fault the server answered a call with: the method called, the HTTP status, SOAP's {@code faultcode}
 * and {@code faultstring}, and the vSphere fault's type from its detail ({@code InvalidLogin},
 * {@code NotAuthenticated}, {@code InvalidPowerState}, ...) with the detail itself.
 */
public final class VimFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final int httpStatus;
    private final String faultCode;
    private final String faultString;
    private final String faultType;
    private final transient VimNode detail;

    public VimFault(String method, int httpStatus, String faultCode, String faultString, String faultType,
            VimNode detail) {
        super(method + ": " + faultCode + " - " + faultString + (faultType == null ? "" : " (" + faultType + ")"));
        this.method = method;
        this.httpStatus = httpStatus;
        this.faultCode = faultCode;
        this.faultString = faultString;
        this.faultType = faultType;
        this.detail = detail;
    }

    public String method() {
        return method;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String faultCode() {
        return faultCode;
    }

    public String faultString() {
        return faultString;
    }

    /** The vSphere fault type ({@code NotAuthenticated}), if the detail names one. */
    public Optional<String> faultType() {
        return Optional.ofNullable(faultType);
    }

    public Optional<VimNode> detail() {
        return Optional.ofNullable(detail);
    }

    /** Whether the fault is of that vSphere type. */
    public boolean is(String type) {
        return type.equals(faultType);
    }

    /** libvirt's wording for a failed call, as its ESX driver reports every SOAP fault. */
    public String libvirtMessage() {
        return "HTTP response code " + httpStatus + " for call to '" + method + "'. Fault: " + faultCode + " - "
                + faultString;
    }
}
