package io.virtkit.shell.internal;

import java.util.function.Supplier;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.ErrorCode;
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

    /**
     * virsh's one line where it reports only the driver's reason (dumpxml, dominfo): "error: Requested operation
     * is not valid: domain is not running".
     */
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

    /**
     * The driver's answer to {@code call}; its failure is virsh's two lines: {@code failure}, the verb's own
     * first line ("Failed to start domain 'x'"), then the driver's reason.
     */
    static <T> T call(String failure, Supplier<T> call) throws CommandException {
        try {
            return call.get();
        } catch (VirtException e) {
            throw of(failure, e);
        }
    }

    /** {@link #call} for a driver call with no answer. */
    static void run(String failure, Runnable call) throws CommandException {
        try {
            call.run();
        } catch (VirtException e) {
            throw of(failure, e);
        }
    }

    /**
     * A failed lookup of a command's argument. virsh says only "error: failed to get domain 'x'" when a domain
     * is not found (it drops the driver's reason, which just repeats the name); any other failure of the lookup
     * (the connection, the driver) keeps its reason as the second line here, where virsh would drop it too, so
     * the console never hides why. Networks keep it always, as virsh does.
     */
    static CommandException lookupFailed(String failure, VirtException e, ErrorCode notFound) {
        return e.code() == notFound ? new CommandException("error: " + failure, failure, e) : of(failure, e);
    }

    /**
     * An error virsh detects itself, then the verb's own line after it (detach-interface's "No interface found
     * whose type is bridge" then "Failed to detach interface").
     */
    static CommandException thenFailed(String message, String failure) {
        return new CommandException(line(message) + "\n" + line(failure), message);
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
