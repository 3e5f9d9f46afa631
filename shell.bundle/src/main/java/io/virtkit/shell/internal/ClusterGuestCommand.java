package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

/**
 * A command on one cluster guest, given by name. A name the cluster does not know is virsh's "error: failed to get
 * domain 'x'", followed by the reason in libvirt's NO_DOMAIN words, which say it is the cluster's guests that were
 * searched: a domain of that name may well exist on this host's own connections.
 */
abstract class ClusterGuestCommand extends ClusterCommand {

    @Argument(index = 0, name = "guest", required = true, description = "The cluster guest's name")
    @Completion(ClusterGuestCompleter.class)
    String guest;

    @Override
    final void execute(Cluster cluster) throws Exception {
        execute(cluster, lookup(cluster, guest));
    }

    abstract void execute(Cluster cluster, ClusterGuest guest) throws Exception;

    static ClusterGuest lookup(Cluster cluster, String name) throws CommandException {
        return cluster.guest(name).orElseThrow(() -> Errors.thenFailed("failed to get domain '" + name + "'",
                "Domain not found: no cluster guest with matching name '" + name + "'"));
    }
}
