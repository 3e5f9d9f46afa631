package io.virtkit.api;

import java.util.Objects;

/**
 * The one exception type of the Virtkit API: libvirt's error code and domain, and the message libvirt
 * would print ("Domain not found: no domain with matching name 'x'").
 */
public class VirtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final ErrorDomain domain;

    /** An error whose message is {@code code}'s prefix followed by {@code detail}. */
    public VirtException(ErrorCode code, ErrorDomain domain, String detail) {
        this(code, domain, detail, null);
    }

    public VirtException(ErrorCode code, ErrorDomain domain, String detail, Throwable cause) {
        super(Objects.requireNonNull(code, "code").message(detail), cause);
        this.code = code;
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /**
     * An error carried as it is from elsewhere (e.g. a wire protocol) whose message is already complete.
     */
    public static VirtException withMessage(ErrorCode code, ErrorDomain domain, String fullMessage) {
        return new VirtException(code, domain, fullMessage, null, true);
    }

    private VirtException(ErrorCode code, ErrorDomain domain, String message, Throwable cause, boolean verbatim) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    public ErrorCode code() {
        return code;
    }

    public ErrorDomain domain() {
        return domain;
    }
}
