package io.virtkit.shell.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;

/**
 * Completes volumes of the pool given with {@code --pool} on the line (their names), or without one the
 * paths of every active pool's volumes, which virsh accepts as well, from the connection the command will use.
 */
@Service
public class StorageVolumeCompleter implements Completer {

    @Reference
    ConnectionFactory connectionFactory;

    @Reference
    ShellSettings settings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = volumes(commandLine);
        return names.isEmpty() ? -1 : new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    List<String> volumes(CommandLine commandLine) {
        String[] words = commandLine.getArguments();
        int cursor = commandLine.getCursorArgumentIndex();
        String uri = ConnectOption.find(words, cursor).orElseGet(settings::defaultUri);
        Optional<String> pool = ConnectOption.value(words, cursor, "--pool");
        try (Connection connection = connectionFactory.open(uri)) {
            if (pool.isPresent()) {
                return StorageLookup.pool(connection, pool.get()).listVolumes().stream().map(StorageVolume::name)
                        .sorted().toList();
            }
            return connection.listAllStoragePools().stream().filter(p -> p.isActive())
                    .flatMap(p -> p.listVolumes().stream()).map(StorageVolume::path).sorted().toList();
        } catch (VirtException e) {
            // An unknown pool or URI offers nothing; the command reports the error.
            return List.of();
        }
    }
}
