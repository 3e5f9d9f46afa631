package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;

@Service
@Command(scope = "virt", name = "cluster-migrate", description = "Live-migrate a cluster guest to another host",
        detailedDescription = "Moves a running cluster guest, keeping it running, from the host running it to HOST "
                + "(name or UUID) or, without HOST, to the host the placement policy chooses among the others. The "
                + "host running it migrates it peer-to-peer over the migration's TLS transport to the other's remote "
                + "URI, then hands the guest's lease over: it has an owner at every moment. Prints where it went. "
                + "Needs a quorum and feature virtkit-cluster. A line shows the time it takes on a terminal (always "
                + "with --verbose); Ctrl-C stops waiting, not the migration, which the cluster cannot abort.")
public class ClusterMigrateCommand extends ClusterGuestOperationCommand {

    @Argument(index = 1, name = "host", required = false,
            description = "The host to move it to (name or UUID); the placement policy chooses when none is given")
    @Completion(ClusterHostCompleter.class)
    String host;

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        ClusterHost target = host == null ? null : ClusterHostLookup.find(cluster, host);
        ClusterHost arrived = await("Migration", "the migration of guest '" + guest.name() + "'",
                "Failed to migrate domain '" + this.guest + "'",
                () -> target == null ? cluster.migrateGuest(guest.name())
                        : cluster.migrateGuest(guest.name(), target.uuid()));
        System.out.println("Domain '" + guest.name() + "' migrated"
                + guest.ownerHostname().map(h -> " from host '" + h + "'").orElse("")
                + " to host '" + arrived.hostname() + "'");
    }
}
