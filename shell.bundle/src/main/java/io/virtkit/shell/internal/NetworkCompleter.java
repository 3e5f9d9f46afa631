package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;

/** Completes network names from the connection the command will use. */
@Service
public class NetworkCompleter extends ConnectionCompleter {

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        return connection.listAllNetworks().stream().map(Network::name).sorted().toList();
    }

    List<String> networkNames(CommandLine commandLine) {
        return candidates(commandLine);
    }
}
