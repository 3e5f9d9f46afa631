package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterHost;

@Service
@Command(scope = "virt", name = "cluster-define", description = "Define a cluster guest from an XML file",
        detailedDescription = "Defines a guest for the whole cluster from a domain XML file: the definition is kept "
                + "in the ensemble and any host offering the connection URI can run it (its disks must be on "
                + "storage every host sees). It is not started (virt:cluster-start). -c gives that connection URI, by "
                + "default the first one this host offers the cluster (configuration io.virtkit.cluster, uris). "
                + "--ha marks it to be restarted on another host when its host dies. A name or UUID already taken "
                + "in the cluster is refused; virt:cluster-update changes a definition. Needs a quorum and feature "
                + "virtkit-cluster.")
public class ClusterDefineCommand extends ClusterCommand {

    @Argument(index = 0, name = "file", required = true, description = "The file containing the domain XML")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--ha", description = "Restart the guest on another host when its host dies")
    boolean ha;

    @Option(name = "-c", aliases = "--connect", valueToShowInHelp = "this host's first cluster URI",
            description = "The connection URI the guest runs on, on whichever host runs it (e.g. qemu:///system)")
    @Completion(UriCompleter.class)
    String connect;

    @Override
    void execute(Cluster cluster) throws Exception {
        String xml = XmlFile.read(file);
        String uri = connect != null && !connect.isBlank() ? connect.strip() : defaultUri(cluster);
        ClusterGuest guest = Errors.call("Failed to define domain from " + file,
                () -> cluster.defineGuest(uri, xml, ha));
        System.out.println("Domain '" + guest.name() + "' defined in the cluster from " + file
                + (guest.ha() ? " (HA)" : ""));
    }

    /** The first URI this host offers cluster guests: where a guest defined from here would surely run. */
    private static String defaultUri(Cluster cluster) throws Exception {
        return cluster.hosts().stream().filter(ClusterHost::self).flatMap(h -> h.hypervisors().stream()).findFirst()
                .orElseThrow(() -> Errors.of("this host offers the cluster no connection URI (it is not a member "
                        + "yet?): give one with -c"));
    }
}
