package io.virtkit.shell.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.RemoteDaemon;

@Service
@Command(scope = "virt", name = "srv-clients", description = "List the clients connected to the remote daemon",
        detailedDescription = "Lists the clients connected to Virtkit's remote daemon (virsh, the libvirt "
                + "bindings, ...), oldest first, as virt-admin srv-clients-list does: the client id, the "
                + "transport, who is connected (pid and uid on a UNIX socket, host:port over TCP), whether it "
                + "came through the read-only socket, when it connected (local time), the connection URI it "
                + "opened ('-' before it opened one) and how many calls it made. virt:srv-client-disconnect "
                + "drops one of them. Needs feature virtkit-remote.")
public class SrvClientsCommand extends DaemonCommand {

    /** virt-admin's "Connected since" format, in the local time zone. */
    static final DateTimeFormatter CONNECTED_SINCE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssZ");

    @Override
    void execute(RemoteDaemon remoteDaemon) {
        VirshTable table = new VirshTable("Id", "Transport", "Peer", "Read-only", "Connected since", "URI", "Calls");
        for (ClientInfo client : remoteDaemon.clients()) {
            table.row(Long.toString(client.id()), client.transport(), client.peer(), yesNo(client.readOnly()),
                    CONNECTED_SINCE.format(client.connectedAt().atZone(ZoneId.systemDefault())),
                    client.uri().orElse("-"), Long.toString(client.calls()));
        }
        System.out.print(table.render());
    }
}
