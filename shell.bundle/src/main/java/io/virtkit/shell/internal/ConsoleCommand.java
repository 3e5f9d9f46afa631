package io.virtkit.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;

/**
 * virsh's {@code console}: the session's terminal becomes the guest's serial console until Ctrl-]. The
 * console is opened before anything is printed, so a driver without consoles gives just its error line;
 * the terminal is in raw mode only while connected and restored however the session ends.
 */
@Service
@Command(scope = "virt", name = "console", description = "Connect the terminal to a running domain's console",
        detailedDescription = "Attaches this shell session's terminal to the guest's serial console (or the "
                + "one named by --devname): what the guest prints appears here and what is typed goes to the "
                + "guest, including Ctrl-C. Type Ctrl-] (the escape character) to detach; the guest keeps "
                + "running. Needs an interactive terminal.")
public class ConsoleCommand extends DomainCommand {

    @Option(name = "--devname", description = "The console, serial or parallel device alias to attach to "
            + "(e.g. serial0); the default is the domain's first console")
    String devname;

    @Option(name = "--force", description = "Accepted for virsh compatibility; Virtkit's drivers give a console "
            + "to one client at a time and the API has no way yet to take it from another, so this changes nothing")
    boolean force;

    @Override
    void execute(Domain domain) throws Exception {
        if (domain.state().state() == DomainState.SHUTOFF) {
            throw Errors.of("The domain is not running");
        }
        if (session == null || session.getTerminal() == null || session.getKeyboard() == null) {
            throw Errors.of("Cannot run interactive console without a controlling TTY");
        }
        PrintStream screen = session.getConsole();
        ConsoleStream console = domain.openConsole(devname);
        boolean bridged = false;
        try {
            screen.println("Connected to domain '" + domain.name() + "'");
            screen.println("Escape character is ^] (Ctrl + ])");
            screen.flush();
            try (TerminalMode raw = TerminalMode.raw(session)) {
                bridged = true; // from here the bridge owns the console and closes it
                ConsoleBridge.run(console, raw.keyboard(), screen);
            } catch (InterruptedException e) {
                // Ctrl-C where the terminal could not be made raw: Karaf interrupted the command to end it,
                // which the bridge has done (detached); the interrupt has served its purpose.
            }
            // Raw output left the cursor wherever the guest put it; the prompt starts on a fresh line.
            screen.println();
            screen.flush();
        } finally {
            if (!bridged) {
                console.close();
            }
        }
    }
}
