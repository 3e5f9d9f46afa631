package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;

/**
 * Completes attach-interface's SOURCE: network names when the TYPE before it is {@code network}; a bridge
 * name is the host's business, so nothing is offered for the other types.
 */
@Service
public class InterfaceSourceCompleter extends NetworkCompleter {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        int cursor = commandLine.getCursorArgumentIndex();
        String[] args = commandLine.getArguments();
        if (cursor < 1 || cursor > args.length || !"network".equals(args[cursor - 1])) {
            return -1;
        }
        return super.complete(session, commandLine, candidates);
    }
}
