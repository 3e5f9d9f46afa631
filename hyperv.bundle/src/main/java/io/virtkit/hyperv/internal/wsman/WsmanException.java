package io.virtkit.hyperv.internal.wsman;

/**
 * A WS-Management call failed. The base of the client's exceptions (all unchecked); the message is one line,
 * for the driver to put into a libvirt error.
 */
public class WsmanException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WsmanException(String message) {
        this(message, null);
    }

    public WsmanException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
