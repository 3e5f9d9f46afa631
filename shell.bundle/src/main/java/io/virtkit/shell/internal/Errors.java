package io.virtkit.shell.internal;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.VirtException;

/**
 * Turns failures into the one exception type Karaf prints as a bare line. Karaf's {@code ShellUtil}
 * recognises {@link CommandException} by its simple name, prints its "nice help" verbatim (no "Error
 * executing command" prefix, no stack trace), logs it at debug level only, and {@code bin/client} exits
 * with status 1. The help text is therefore virsh's whole error line, "error: …".
 */
final class Errors {

    private Errors() {
    }

    /** virsh's "error: Domain not found: no domain with matching name 'x'". */
    static CommandException of(VirtException e) {
        return new CommandException(line(e.getMessage()), e.getMessage(), e);
    }

    /**
     * virsh's two lines for a verb that failed in the driver: its own "error: failed to …" naming what it could
     * not do, then the driver's "error: …" (virsh's {@code vshError} then {@code vshReportError}).
     */
    static CommandException of(String failure, VirtException e) {
        return new CommandException("error: " + failure + "\n" + line(e.getMessage()), e.getMessage(), e);
    }

    /** An error the shell itself detects ("Domain is already active"). */
    static CommandException of(String message) {
        return new CommandException(line(message), message);
    }

    /**
     * A failure that is no {@link VirtException}: a bug or an I/O problem in a driver or the shell. It
     * still gets one line, with the cause kept for Karaf's debug log.
     */
    static CommandException unexpected(Exception e) {
        String detail = e.getMessage() == null || e.getMessage().isBlank()
                ? e.getClass().getSimpleName() : e.getMessage();
        String message = "internal error: " + detail;
        return new CommandException(line(message), message, e);
    }

    /**
     * virsh's "error: …" as one line: a message that spans lines (QEMU's own error text often does) has
     * its lines joined with "; ", so a failed command never prints more than one line.
     */
    static String line(String message) {
        String text = message == null ? "" : message.strip();
        StringBuilder out = new StringBuilder("error: ");
        String separator = "";
        for (String part : text.split("\\R")) {
            String piece = part.strip();
            if (!piece.isEmpty()) {
                out.append(separator).append(piece);
                separator = "; ";
            }
        }
        return out.toString();
    }
}
