package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.admin.RemoteDaemon;

@Service
@Command(scope = "virt", name = "srv-client-disconnect", description = "Disconnect one client of the remote daemon",
        detailedDescription = "Closes the connection of one client of Virtkit's remote daemon, as virt-admin "
                + "client-disconnect does; the client sees its connection drop. The id is the one "
                + "virt:srv-clients shows. Needs feature virtkit-remote.")
public class SrvClientDisconnectCommand extends DaemonCommand {

    @Argument(index = 0, name = "client", required = true, description = "The client's id, as virt:srv-clients shows it")
    @Completion(ClientIdCompleter.class)
    String client;

    @Override
    void execute(RemoteDaemon remoteDaemon) {
        long id = parseId(client);
        if (!remoteDaemon.disconnect(id)) {
            // libvirt's own words when virNetServerGetClient finds no such client
            throw new VirtException(ErrorCode.NO_CLIENT, ErrorDomain.RPC, "No client with matching ID '" + client + "'");
        }
        System.out.println("Client '" + id + "' disconnected");
    }

    /** Client ids are unsigned numbers; anything else is refused before asking the daemon. */
    private static long parseId(String text) {
        try {
            long id = Long.parseLong(text.strip());
            if (id >= 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.ADMIN, "client id '" + text + "' is not a number");
    }
}
