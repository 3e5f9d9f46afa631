package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.VirtException;

/**
 * Completes names read from the connection the command will use: the {@code -c}/{@code --connect} value
 * already on the line, else the configured default URI. A URI that cannot be opened (yet), or a lookup that
 * fails, offers nothing; the command itself reports the error.
 */
abstract class ConnectionCompleter implements Completer {

    @Reference
    ConnectionFactory connectionFactory;

    @Reference
    ShellSettings settings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = candidates(commandLine);
        return names.isEmpty() ? -1 : new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    /** What {@link #names} gives on the command line's connection, or nothing when that fails. */
    final List<String> candidates(CommandLine commandLine) {
        String uri = ConnectOption.find(commandLine.getArguments(), commandLine.getCursorArgumentIndex())
                .orElseGet(settings::defaultUri);
        try (Connection connection = connectionFactory.open(uri)) {
            return names(connection, commandLine);
        } catch (VirtException e) {
            return List.of();
        }
    }

    /** The names to offer, sorted. */
    abstract List<String> names(Connection connection, CommandLine commandLine);
}
