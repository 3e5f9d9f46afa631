package io.virtkit.shell.internal;

import java.util.Optional;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.VirtException;

/**
 * A command that works on one connection, opened for the command and closed when it returns, as a
 * one-shot {@code virsh -c URI verb} does. Karaf injects the inherited fields and parses the inherited
 * option. A {@link VirtException} becomes virsh's "error: …" and a failed command: one line where virsh reports
 * only the driver's reason (dumpxml, dominfo), or the verb's own line first where virsh has one ({@link
 * Errors#call}: "error: Failed to define domain from bad.xml", then the reason); any other runtime failure is
 * an "internal error".
 */
abstract class ConnectedCommand implements Action {

    @Reference
    ConnectionFactory connectionFactory;

    @Reference
    ShellSettings settings;

    /** The console session: the driver's credential questions are asked there. */
    @Reference
    Session session;

    @Option(name = "-c", aliases = "--connect", valueToShowInHelp = "configured defaultUri",
            description = "The hypervisor connection URI (e.g. test:///default); the default is the "
                    + "defaultUri property of configuration io.virtkit.shell")
    @Completion(UriCompleter.class)
    String connect;

    @Override
    public final Object execute() throws Exception {
        try (Connection connection = connectionFactory.open(request())) {
            execute(connection);
            return null;
        } catch (VirtException e) {
            throw Errors.of(e);
        } catch (RuntimeException e) {
            // A driver's bug must not turn into Karaf's multi-line "Error executing command" and trace.
            throw Errors.unexpected(e);
        }
    }

    /** The command's work; output goes to {@code System.out}, which Karaf routes to the session. */
    abstract void execute(Connection connection) throws Exception;

    /** The URI, with the console answering credential questions when the command runs in a session. */
    ConnectRequest request() {
        return request(uri());
    }

    /** A request for {@code uri} (another host's: migrate's destination), the console answering as above. */
    ConnectRequest request(String uri) {
        ConnectRequest request = ConnectRequest.to(uri);
        if (session == null) {
            return request;
        }
        ClientIdentity who = session.get("USER") instanceof String user
                ? new ClientIdentity(Optional.of(user), -1, -1, -1, -1, Optional.empty()) : ClientIdentity.UNKNOWN;
        return request.withAuth(new ConsoleAuth(session)).withIdentity(who);
    }

    String uri() {
        return connect != null && !connect.isBlank() ? connect : settings.defaultUri();
    }
}
