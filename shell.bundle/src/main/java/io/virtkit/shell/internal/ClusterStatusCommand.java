package io.virtkit.shell.internal;

import java.util.List;
import java.util.Locale;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;
import io.virtkit.api.cluster.ClusterStatus;

@Service
@Command(scope = "virt", name = "cluster-status", description = "Show this host's standing in its cluster",
        detailedDescription = "Shows how this host takes part in the Virtkit cluster: the mode (embedded: it runs "
                + "one of the ensemble's ZooKeeper peers; external: it is a client of an ensemble run elsewhere), "
                + "whether it is connected to a quorum (writes, placement and HA work only then), its name and "
                + "UUID, the ensemble's servers as configured, how many hosts and cluster guests it knows of, and "
                + "what an operator should know (e.g. that the ensemble is unreachable and this host runs alone). "
                + "Laid out as virsh dominfo. Needs feature virtkit-cluster.")
public class ClusterStatusCommand extends ClusterCommand {

    @Override
    void execute(Cluster cluster) {
        ClusterStatus status = cluster.status();
        int hosts = cluster.hosts().size();
        List<ClusterGuest> guests = cluster.guests();
        long running = guests.stream().filter(g -> g.owner().isPresent()).count();
        line("Mode:", status.mode().name().toLowerCase(Locale.ROOT));
        line("Quorum:", status.connected() ? "yes" : "no");
        line("Host:", status.hostname());
        line("Host UUID:", status.hostUuid().toString());
        line("Ensemble:", status.ensemble());
        line("Hosts:", Integer.toString(hosts));
        line("Guests:", guests.size() + " (" + running + " running)");
        if (!status.message().isBlank()) {
            line("Message:", status.message());
        }
    }

    /** Labels padded as virsh dominfo pads its own. */
    private static void line(String label, String value) {
        System.out.println(String.format("%-15s %s", label, value));
    }
}
