package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

@Service
@Command(scope = "virt", name = "cluster-update", description = "Replace a cluster guest's definition from an XML file",
        detailedDescription = "Replaces the definition of cluster guest GUEST with the domain XML in FILE, keeping "
                + "its HA mark unless --ha or --no-ha is given. The write is versioned: with --version N (the "
                + "version virt:cluster-list --guests shows) it is refused if the definition changed since, from "
                + "this host or another; without it, against the version read just before. Of two hosts updating at "
                + "once, one wins and the other gets the cluster's error. A running guest keeps its old definition "
                + "until it next starts. Needs a quorum and feature virtkit-cluster.")
public class ClusterUpdateCommand extends ClusterGuestCommand {

    @Argument(index = 1, name = "file", required = true, description = "The file containing the new domain XML")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--version", description = "Update only if the definition is still at this version")
    Long version;

    @Option(name = "--ha", description = "Mark the guest HA")
    boolean ha;

    @Option(name = "--no-ha", description = "Take the guest's HA mark away")
    boolean noHa;

    @Override
    void execute(Cluster cluster, ClusterGuest guest) throws Exception {
        if (ha && noHa) {
            throw Errors.of("Options --ha and --no-ha are mutually exclusive");
        }
        String xml = XmlFile.read(file);
        boolean newHa = ha || (!noHa && guest.ha());
        long expected = version != null ? version : guest.version();
        ClusterGuest updated = Errors.call("Failed to update domain '" + this.guest + "' from " + file,
                () -> cluster.updateGuest(guest.name(), xml, newHa, expected));
        System.out.println("Domain '" + updated.name() + "' updated in the cluster from " + file + " (version "
                + updated.version() + ")");
    }
}
