package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;

@Service
@Command(scope = "virt", name = "srv-info", description = "Show the remote daemon's sockets and limits",
        detailedDescription = "Shows where Virtkit's remote daemon listens, one line per socket: transport "
                + "(unix or tcp), address (socket path or host:port), whether it is read-only, and how many "
                + "clients are connected through it; then the clients connected in all and the limits, as "
                + "virt-admin srv-clients-info does: clients accepted at once, and calls one client may have "
                + "outstanding; then the per-client protection: connections one peer (a process on a UNIX socket, "
                + "an address over TCP/TLS) may hold, event callbacks one client may register, bytes of replies "
                + "and events one client may leave unread, and how often each cut a client off since the daemon "
                + "started (connections refused for their peer's limit; clients cut off for input that is not "
                + "libvirt's protocol, too many callbacks, replies left unread). Needs feature virtkit-remote.")
public class SrvInfoCommand extends DaemonCommand {

    @Override
    void execute(RemoteDaemon remoteDaemon) {
        List<ListenerInfo> listeners = remoteDaemon.listeners();
        RemoteDaemon.Limits limits = remoteDaemon.limits();
        VirshTable table = new VirshTable("Transport", "Address", "Read-only", "Clients");
        int clients = 0;
        for (ListenerInfo listener : listeners) {
            table.row(listener.transport(), listener.address(), yesNo(listener.readOnly()),
                    Integer.toString(listener.clients()));
            clients += listener.clients();
        }
        System.out.print(table.render());
        System.out.println();
        line("Clients:", clients);
        line("Max clients:", limits.maxClients());
        line("Max requests/client:", limits.maxRequestsPerClient());
        RemoteDaemon.Protection protection = remoteDaemon.protection();
        line("Max conns/peer:", protection.maxConnectionsPerPeer());
        line("Max callbacks/client:", protection.maxEventCallbacks());
        line("Max unread/client:", protection.maxUnreadReplyBytes() + " bytes");
        line("Refused connections:", protection.cutForConnections());
        line("Cut off, bad input:", protection.cutForBadInput());
        line("Cut off, callbacks:", protection.cutForCallbacks());
        line("Cut off, unread:", protection.cutForUnreadReplies());
    }

    /** Labels padded as virsh's info verbs pad theirs. */
    private static void line(String label, Object value) {
        System.out.println(String.format("%-21s %s", label, value));
    }
}
