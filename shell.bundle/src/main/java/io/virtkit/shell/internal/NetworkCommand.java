package io.virtkit.shell.internal;

import java.util.UUID;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.Network;
import io.virtkit.api.VirtException;

/** A command on one network, given as virsh takes it: UUID or name. */
abstract class NetworkCommand extends ConnectedCommand {

    @Argument(index = 0, name = "network", required = true, description = "The network's name or UUID")
    @Completion(NetworkCompleter.class)
    String network;

    @Override
    final void execute(Connection connection) throws Exception {
        Network found;
        try {
            found = lookup(connection, network);
        } catch (VirtException e) {
            // virsh keeps the driver's reason after its own line for networks
            throw Errors.lookupFailed("failed to get network '" + network + "'", e, null);
        }
        execute(found);
    }

    abstract void execute(Network network) throws Exception;

    /** As virsh: a UUID-shaped key is tried as a UUID first, then everything as a name. */
    static Network lookup(Connection connection, String key) {
        UUID uuid = DomainLookup.parseUuid(key);
        if (uuid != null) {
            try {
                return connection.lookupNetworkByUuid(uuid);
            } catch (VirtException e) {
                if (e.code() != ErrorCode.NO_NETWORK) {
                    throw e;
                }
            }
        }
        return connection.lookupNetworkByName(key);
    }
}
