package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.DomainState;
import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterGuest;

/**
 * The cluster's inventory in virsh list's table, with a host column. The state filters are virsh list's, combined as
 * there: a domain shows when it is in any of the states asked for.
 */
@Service
@Command(scope = "virt", name = "cluster-list", description = "List the domains of every host of the cluster",
        detailedDescription = "Lists every domain of every host of the cluster (the inventory each host keeps "
                + "current from its own events), by host then name: the host, the domain's name, its state in "
                + "virsh's words, and whether it is a cluster guest's running instance. --host narrows the list to "
                + "one host (name or UUID); --state-running, --state-paused, --state-shutoff and --state-other "
                + "to domains in those states, as virsh list's do; --name prints only the names. With --guests it "
                + "lists the cluster guests instead, stopped ones included: the host running each ('-' for none), "
                + "its state there, whether it is marked HA, and whether the cluster wants it running (an HA guest "
                + "wanted running with no host is waiting to be restarted), and the version of its definition "
                + "(for virt:cluster-update --version). Needs feature virtkit-cluster.")
public class ClusterListCommand extends ClusterCommand {

    /** The state shown for a cluster guest whose host holds its lease but has not reported its domain yet. */
    static final String STARTING = "starting";

    @Option(name = "--host", description = "Only domains of this host (its name or UUID)")
    @Completion(ClusterHostCompleter.class)
    String host;

    @Option(name = "--guests", description = "List the cluster guests, stopped ones included, with their HA mark")
    boolean guests;

    @Option(name = "--state-running", description = "List domains in running state")
    boolean stateRunning;

    @Option(name = "--state-paused", description = "List domains in paused state")
    boolean statePaused;

    @Option(name = "--state-shutoff", description = "List domains in shut off state")
    boolean stateShutoff;

    @Option(name = "--state-other", description = "List domains in other states")
    boolean stateOther;

    @Option(name = "--name", description = "List only the names, one a line")
    boolean nameOnly;

    @Override
    void execute(Cluster cluster) throws Exception {
        Optional<UUID> onHost = host == null ? Optional.empty()
                : Optional.of(ClusterHostLookup.find(cluster, host).uuid());
        List<ClusterDomain> domains = cluster.domains();
        if (guests) {
            listGuests(cluster.guests(), domains, onHost);
        } else {
            listDomains(domains, onHost);
        }
    }

    private void listDomains(List<ClusterDomain> domains, Optional<UUID> onHost) {
        VirshTable table = new VirshTable("Host", "Name", "State", "Cluster guest");
        List<String> names = new ArrayList<>();
        for (ClusterDomain domain : domains) {
            if (onHost.map(domain.hostUuid()::equals).orElse(true) && wanted(domain.state())) {
                table.row(domain.hostname(), domain.name(), domain.state().label(), yesNo(domain.clusterGuest()));
                names.add(domain.name());
            }
        }
        print(table, names);
    }

    private void listGuests(List<ClusterGuest> all, List<ClusterDomain> domains, Optional<UUID> onHost) {
        VirshTable table = new VirshTable("Name", "Host", "State", "HA", "Wanted", "Version");
        List<String> names = new ArrayList<>();
        for (ClusterGuest guest : all) {
            if (onHost.isPresent() && !guest.owner().equals(onHost)) {
                continue;
            }
            Optional<DomainState> state = state(guest, domains);
            if (state.map(this::wanted).orElse(wanted(DomainState.NOSTATE))) {
                table.row(guest.name(), guest.ownerHostname().orElse("-"),
                        state.map(DomainState::label).orElse(STARTING),
                        yesNo(guest.ha()), guest.wantedRunning() ? "running" : "stopped",
                        Long.toString(guest.version()));
                names.add(guest.name());
            }
        }
        print(table, names);
    }

    /**
     * A guest's state: its domain's on the host holding its lease, as that host reported it; shut off without a
     * lease; empty (shown as {@value #STARTING}) while the lease is held but the domain not yet reported.
     */
    static Optional<DomainState> state(ClusterGuest guest, List<ClusterDomain> domains) {
        if (guest.owner().isEmpty()) {
            return Optional.of(DomainState.SHUTOFF);
        }
        return domains.stream()
                .filter(d -> d.uuid().equals(guest.uuid()) && guest.owner().get().equals(d.hostUuid()))
                .map(ClusterDomain::state).findFirst();
    }

    /** virsh list's state filters: none given shows every state; several show the union. */
    private boolean wanted(DomainState state) {
        if (!stateRunning && !statePaused && !stateShutoff && !stateOther) {
            return true;
        }
        return switch (state) {
            case RUNNING -> stateRunning;
            case PAUSED -> statePaused;
            case SHUTOFF -> stateShutoff;
            default -> stateOther;
        };
    }

    private void print(VirshTable table, List<String> names) {
        if (nameOnly) {
            names.forEach(System.out::println);
        } else {
            System.out.print(table.render());
        }
    }
}
