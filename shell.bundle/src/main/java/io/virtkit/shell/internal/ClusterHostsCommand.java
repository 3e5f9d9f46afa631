package io.virtkit.shell.internal;

import java.util.Comparator;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterHost;

@Service
@Command(scope = "virt", name = "cluster-hosts", description = "List the hosts of the cluster",
        detailedDescription = "Lists the cluster's live members by name, as each host last reported itself: its "
                + "UUID, CPUs, the memory it offers guests and what is free of it after the guests running there, "
                + "its one-minute load average, the cluster guests it runs, and the remote URI other hosts migrate "
                + "to ('-' when it has no remote daemon). This host is marked '(self)'. While the ensemble is "
                + "unreachable the list is the last one known (virt:cluster-status says so). Needs feature "
                + "virtkit-cluster.")
public class ClusterHostsCommand extends ClusterCommand {

    /** The mark after this host's name. */
    static final String SELF = " (self)";

    @Override
    void execute(Cluster cluster) {
        VirshTable table = new VirshTable("Name", "UUID", "CPUs", "Memory", "Free", "Load", "Guests", "Remote URI");
        cluster.hosts().stream()
                .sorted(Comparator.comparing(ClusterHost::hostname).thenComparing(ClusterHost::uuid))
                .forEach(host -> table.row(host.hostname() + (host.self() ? SELF : ""), host.uuid().toString(),
                        Integer.toString(host.cpus()), kib(host.memoryKiB()), kib(host.freeMemoryKiB()),
                        String.format(Locale.ROOT, "%.2f", host.load()), Integer.toString(host.runningGuests()),
                        host.remoteUri().isBlank() ? "-" : host.remoteUri()));
        System.out.print(table.render());
    }

    private static String kib(long kib) {
        return VirshSize.format(kib * 1024);
    }
}
