package io.virtkit.shell.internal;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.Connection;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.VirtException;

/** Completes the snapshot names of the domain named first on the line, from the connection the command will use. */
@Service
public class SnapshotCompleter extends ConnectionCompleter {

    /** The options of the snapshot verbs that take a value, so that their value is not taken for the domain. */
    private static final Set<String> WITH_VALUE = Set.of("-c", "--connect", "--from", "--description",
            "--diskspec");

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        String domain = DiskTargetCompleter.firstArgument(commandLine.getArguments(),
                commandLine.getCursorArgumentIndex(), WITH_VALUE);
        if (domain == null) {
            return List.of();
        }
        try {
            return DomainLookup.forCommand(connection, domain).listAllSnapshots().stream().map(DomainSnapshot::name)
                    .sorted().toList();
        } catch (CommandException | VirtException e) {
            return List.of(); // no such domain, or a driver without snapshots: nothing to offer
        }
    }

    List<String> snapshotNames(CommandLine commandLine) {
        return candidates(commandLine);
    }
}
