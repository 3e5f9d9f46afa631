package io.virtkit.shell.internal;

import java.io.InputStream;

import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.Terminal;
import org.jline.terminal.Attributes;

/**
 * The session's terminal switched to raw mode for an interactive console, restored on close, together with
 * the stream on which that terminal delivers keystrokes. Karaf's own {@link Terminal} can only turn echo
 * off, so the JLine terminal that Karaf's console session publishes as {@code .jline.terminal} is put in
 * raw mode when present: no line editing, no echo, and Ctrl-C/Ctrl-Z reach the guest rather than the shell.
 * <p>
 * The keyboard is that JLine terminal's {@code input()}, not {@link Session#getKeyboard()}: over ssh Karaf
 * gives the session the raw channel stream as its keyboard, but the ssh terminal (a JLine
 * {@code ExternalTerminal}) runs a pump thread that reads everything from that same channel stream into the
 * terminal's own input, so a second reader of the channel never sees a keystroke. In the local console the
 * session keyboard already is the terminal's input, so both agree there.
 */
final class TerminalMode implements AutoCloseable {

    /** The session variable under which Karaf's console session keeps its JLine terminal. */
    static final String JLINE_TERMINAL = ".jline.terminal";

    private final InputStream keyboard;
    private final Runnable restore;

    private TerminalMode(InputStream keyboard, Runnable restore) {
        this.keyboard = keyboard;
        this.restore = restore;
    }

    static TerminalMode raw(Session session) {
        if (session.get(JLINE_TERMINAL) instanceof org.jline.terminal.Terminal jline) {
            // Keystrokes reach input() only while the terminal's pump runs; one paused by someone else is
            // resumed for the console and paused again afterwards.
            boolean resumed = jline.canPauseResume() && jline.paused();
            if (resumed) {
                jline.resume();
            }
            Attributes saved = jline.enterRawMode();
            // JLine's raw mode keeps ISIG, so Ctrl-C would interrupt this command instead of reaching the guest.
            Attributes raw = jline.getAttributes();
            raw.setLocalFlag(Attributes.LocalFlag.ISIG, false);
            jline.setAttributes(raw);
            return new TerminalMode(jline.input(), () -> {
                jline.setAttributes(saved);
                jline.flush();
                if (resumed) {
                    jline.pause();
                }
            });
        }
        Terminal terminal = session.getTerminal();
        boolean echo = terminal.isEchoEnabled();
        terminal.setEchoEnabled(false);
        return new TerminalMode(session.getKeyboard(), () -> terminal.setEchoEnabled(echo));
    }

    /** Where the user's keystrokes arrive while the terminal is in this mode. */
    InputStream keyboard() {
        return keyboard;
    }

    @Override
    public void close() {
        restore.run();
    }
}
