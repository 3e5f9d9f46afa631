package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

@Service
@Command(scope = "virt", name = "cluster-dumpxml", description = "Print a cluster guest's domain XML",
        detailedDescription = "Prints the domain XML a cluster guest is defined with in the ensemble, the one a host "
                + "runs it from at its next start. The live XML of a running guest is the one of its domain on the "
                + "host running it (virt:dumpxml there). Needs feature virtkit-cluster.")
public class ClusterDumpXmlCommand extends ClusterGuestCommand {

    @Override
    void execute(Cluster cluster, ClusterGuest guest) {
        Output.printBlock(guest.xml());
    }
}
