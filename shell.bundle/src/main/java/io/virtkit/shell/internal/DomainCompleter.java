package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;

/** Completes domain names from the connection the command will use. */
@Service
public class DomainCompleter extends ConnectionCompleter {

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        return connection.listAllDomains().stream().map(Domain::name).sorted().toList();
    }

    List<String> domainNames(CommandLine commandLine) {
        return candidates(commandLine);
    }
}
