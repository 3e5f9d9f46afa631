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

    /** An error the shell itself detects ("Domain is already active"). */
    static CommandException of(String message) {
        return new CommandException(line(message), message);
    }

    static String line(String message) {
        return "error: " + message;
    }
}
