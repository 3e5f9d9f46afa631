package io.virtkit.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.console.Session;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * Asks the person at the console for what a driver needs to open a connection, as virsh's
 * {@code virConnectAuthCallbackDefault}: one line per question, the driver's prompt with its proposed
 * answer in brackets, secrets (passphrases, no-echo prompts) typed without echo. An empty line takes the
 * proposed answer; end of input cancels.
 */
final class ConsoleAuth implements AuthCallback {

    private final Session session;

    ConsoleAuth(Session session) {
        this.session = session;
    }

    @Override
    public void answer(List<Credential> credentials) {
        for (Credential c : credentials) {
            String prompt = c.prompt() + (c.defaultResult() != null ? " [" + c.defaultResult() + "]" : "") + ": ";
            String line;
            try {
                line = readLine(prompt, c.type().secret() ? '*' : null);
            } catch (IOException e) {
                throw new VirtException(ErrorCode.AUTH_CANCELLED, ErrorDomain.AUTH,
                        "cannot read " + c.type().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage(), e);
            }
            if (line == null) {
                throw new VirtException(ErrorCode.AUTH_CANCELLED, ErrorDomain.AUTH, "no answer for '" + c.prompt() + "'");
            }
            c.answer(line.isEmpty() && c.defaultResult() != null ? c.defaultResult() : line);
        }
    }

    /**
     * A line typed at the console; in a session without a terminal (a command given to {@code bin/client} or
     * {@code ssh}, where Karaf cannot edit or mask lines) the prompt is printed and the line read from the
     * session's input as it comes, which echoes nothing there either.
     */
    private String readLine(String prompt, Character mask) throws IOException {
        try {
            return session.readLine(prompt, mask);
        } catch (UnsupportedOperationException headless) {
            PrintStream console = session.getConsole();
            console.print(prompt);
            console.flush();
            InputStream in = session.getKeyboard();
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0 && b != '\n') {
                if (b != '\r') {
                    line.write(b);
                }
            }
            console.println();
            return b < 0 && line.size() == 0 ? null : line.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
