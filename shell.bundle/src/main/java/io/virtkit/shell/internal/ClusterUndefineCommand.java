package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

@Service
@Command(scope = "virt", name = "cluster-undefine", description = "Remove a stopped cluster guest's definition",
        detailedDescription = "Removes the definition of a cluster guest from the ensemble. It must be stopped "
                + "(virt:cluster-stop): a running one is refused, as libvirt refuses to forget a guest that is not "
                + "shut off here. Its disks are left as they are. Needs a quorum and feature virtkit-cluster.")
public class ClusterUndefineCommand extends ClusterGuestCommand {

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        Errors.run("Failed to undefine domain '" + this.guest + "'", () -> cluster.undefineGuest(guest.name()));
        System.out.println("Domain '" + guest.name() + "' has been undefined from the cluster");
    }
}
