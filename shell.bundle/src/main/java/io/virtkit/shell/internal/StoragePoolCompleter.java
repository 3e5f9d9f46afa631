package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;

/** Completes storage pool names from the connection the command will use. */
@Service
public class StoragePoolCompleter extends ConnectionCompleter {

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        return connection.listAllStoragePools().stream().map(StoragePool::name).sorted().toList();
    }

    List<String> poolNames(CommandLine commandLine) {
        return candidates(commandLine);
    }
}
