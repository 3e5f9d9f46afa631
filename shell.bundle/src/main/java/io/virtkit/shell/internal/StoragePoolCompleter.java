package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.StoragePool;
import io.virtkit.api.VirtException;

/**
 * Completes storage pool names from the connection the command will use: the {@code -c}/{@code --connect}
 * value already on the line, else the configured default URI.
 */
@Service
public class StoragePoolCompleter implements Completer {

    @Reference
    ConnectionFactory connectionFactory;

    @Reference
    ShellSettings settings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = poolNames(commandLine);
        return names.isEmpty() ? -1 : new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    List<String> poolNames(CommandLine commandLine) {
        String uri = ConnectOption.find(commandLine.getArguments(), commandLine.getCursorArgumentIndex())
                .orElseGet(settings::defaultUri);
        try (Connection connection = connectionFactory.open(uri)) {
            return connection.listAllStoragePools().stream().map(StoragePool::name).sorted().toList();
        } catch (VirtException e) {
            // A URI that cannot be opened, or has no storage, offers nothing; the command reports the error.
            return List.of();
        }
    }
}
