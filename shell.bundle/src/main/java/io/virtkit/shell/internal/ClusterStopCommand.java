package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

@Service
@Command(scope = "virt", name = "cluster-stop", description = "Stop a cluster guest wherever it runs",
        detailedDescription = "Stops a cluster guest on the host running it: destroyed at once as virsh destroy "
                + "does, or with --graceful shut down as virsh shutdown does, the cluster waiting for it up to its "
                + "configured bound. The cluster no longer wants it running, so HA does not restart it. Prints the "
                + "host it was stopped on. Needs a quorum and feature virtkit-cluster. A line shows the time it "
                + "takes on a terminal (always with --verbose); Ctrl-C stops waiting, not the stop.")
public class ClusterStopCommand extends ClusterGuestOperationCommand {

    @Option(name = "--graceful", description = "Shut the guest down (ACPI) rather than destroy it")
    boolean graceful;

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        String verb = graceful ? "shut down" : "destroyed";
        await(graceful ? "Shutdown" : "Destroy", "stopping guest '" + guest.name() + "'",
                (graceful ? "Failed to shutdown domain '" : "Failed to destroy domain '") + this.guest + "'", () -> {
                    cluster.stopGuest(guest.name(), graceful);
                    return null;
                });
        // the host read before the stop: the lease is gone now
        System.out.println("Domain '" + guest.name() + "' " + verb
                + guest.ownerHostname().map(h -> " on host '" + h + "'").orElse(""));
    }
}
