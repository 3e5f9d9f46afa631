package io.virtkit.xen.internal.toolstack;

import java.util.Arrays;
import java.util.stream.Collectors;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.channel.CommandResult;

/** An {@code xl} command that failed, as a libvirt error carrying xl's own message. */
public final class XlFailure {
    private XlFailure() {
    }

    /** xl's words for a domain it does not know. */
    static final String INVALID_DOMAIN = "is an invalid domain identifier";

    public static VirtException of(String what, CommandResult result) {
        String message = message(result);
        ErrorCode code = message.contains(INVALID_DOMAIN) ? ErrorCode.NO_DOMAIN : ErrorCode.INTERNAL_ERROR;
        return new VirtException(code, ErrorDomain.LIBXL, what + " failed: " + message);
    }

    /**
     * What xl said, in one line: its error output without the {@code Parsing config from} notes, lines joined by
     * {@code "; "}, cut at 1000 characters.
     */
    public static String message(CommandResult result) {
        String text = Arrays.stream(result.message().split("\n")).map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("Parsing config from"))
                .collect(Collectors.joining("; "));
        if (text.isEmpty()) {
            text = "exit status " + result.exitCode();
        }
        return text.length() > 1000 ? text.substring(0, 1000) + "…" : text;
    }
}
