package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.jline.terminal.Attributes;

/**
 * The session's terminal switched to raw mode for an interactive console, restored on close. Karaf's own
 * {@link Terminal} can only turn echo off, so the JLine terminal that Karaf's console session publishes as
 * {@code .jline.terminal} (the one Karaf's ssh command uses the same way) is put in raw mode when present:
 * no line editing, no echo, and Ctrl-C/Ctrl-Z reach the guest rather than the shell.
 */
final class TerminalMode implements AutoCloseable {

    /** The session variable under which Karaf's console session keeps its JLine terminal. */
    static final String JLINE_TERMINAL = ".jline.terminal";

    private final Runnable restore;

    private TerminalMode(Runnable restore) {
        this.restore = restore;
    }

    static TerminalMode raw(Session session) {
        if (session.get(JLINE_TERMINAL) instanceof org.jline.terminal.Terminal jline) {
            Attributes saved = jline.enterRawMode();
            // JLine's raw mode keeps ISIG, so Ctrl-C would interrupt this command instead of reaching the guest.
            Attributes raw = jline.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            jline.setAttributes(raw);
            return new TerminalMode(() -> {
                jline.setAttributes(saved);
                jline.flush();
            });
        }
        Terminal terminal = session.getTerminal();
        boolean echo = terminal.isEchoEnabled();
        terminal.setEchoEnabled(false);
        return new TerminalMode(() -> terminal.setEchoEnabled(echo));
    }

    @Override
    public void close() {
        restore.run();
    }
}
