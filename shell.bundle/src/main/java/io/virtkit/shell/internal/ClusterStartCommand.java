package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;

@Service
@Command(scope = "virt", name = "cluster-start", description = "Start a cluster guest on a host of the cluster",
        detailedDescription = "Starts a stopped cluster guest on the host the placement policy chooses (by "
                + "default the one with the most free memory that fits it, then the most CPUs, then the fewest "
                + "guests), or on the host given with --host (name or UUID). The chosen host takes the guest's "
                + "lease and runs it as a transient domain; the cluster then wants it running, so an HA guest is "
                + "restarted elsewhere if that host dies. Prints the host it runs on. Needs a quorum and feature "
                + "virtkit-cluster. A line shows the time it takes on a terminal (always with --verbose); Ctrl-C "
                + "stops waiting, not the start.")
public class ClusterStartCommand extends ClusterGuestOperationCommand {

    @Option(name = "--host",
            description = "Start it on this host (its name or UUID) rather than where placement chooses")
    @Completion(ClusterHostCompleter.class)
    String host;

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        ClusterHost target = host == null ? null : ClusterHostLookup.find(cluster, host);
        ClusterHost started = await("Start", "the start of guest '" + guest.name() + "'",
                "Failed to start domain '" + this.guest + "'",
                () -> target == null ? cluster.startGuest(guest.name())
                        : cluster.startGuest(guest.name(), target.uuid()));
        System.out.println("Domain '" + guest.name() + "' started on host '" + started.hostname() + "'");
    }
}
