package io.virtkit.shell.internal;

import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;

/**
 * Completes volumes of the pool given with {@code --pool} on the line (their names), or without one the paths of
 * every active pool's volumes, which virsh accepts as well, from the connection the command will use.
 */
@Service
public class StorageVolumeCompleter extends ConnectionCompleter {

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        Optional<String> pool = ConnectOption.value(commandLine.getArguments(), commandLine.getCursorArgumentIndex(),
                "--pool");
        if (pool.isPresent()) {
            return StorageLookup.pool(connection, pool.get()).listVolumes().stream().map(StorageVolume::name)
                    .sorted().toList();
        }
        return connection.listAllStoragePools().stream().filter(StoragePool::isActive)
                .flatMap(p -> p.listVolumes().stream()).map(StorageVolume::path).sorted().toList();
    }

    List<String> volumes(CommandLine commandLine) {
        return candidates(commandLine);
    }
}
