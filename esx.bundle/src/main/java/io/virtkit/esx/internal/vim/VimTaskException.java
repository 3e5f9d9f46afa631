package io.virtkit.esx.internal.vim;

/** A vSphere task that ended in error, or did not end in time. */
public final class VimTaskException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String method;
    private final String faultType;
    private final boolean timedOut;

    public VimTaskException(String method, String message, String faultType, boolean timedOut) {
        super(message == null ? "unknown error" : message);
        this.method = method;
        this.faultType = faultType;
        this.timedOut = timedOut;
    }

    public String method() {
        return method;
    }

    /** The task error's fault type ({@code InvalidPowerState}), or null. */
    public String faultType() {
        return faultType;
    }

    public boolean timedOut() {
        return timedOut;
    }
}
