package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.RemoteDaemon;

/** Completes the ids of the remote daemon's connected clients; nothing while no daemon runs. */
@Service
public class ClientIdCompleter implements Completer {

    /** Optional for the same reason as {@link DaemonCommand#daemon}. */
    @Reference(optional = true)
    RemoteDaemon daemon;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> ids = clientIds();
        return ids.isEmpty() ? -1 : new StringsCompleter(ids).complete(session, commandLine, candidates);
    }

    List<String> clientIds() {
        if (daemon == null) {
            return List.of();
        }
        return daemon.clients().stream().map(ClientInfo::id).map(String::valueOf).toList();
    }
}
