package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.karaf.shell.api.action.Action;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterDomain;
import io.virtkit.api.cluster.ClusterGuest;

/**
 * virt:cluster-status, cluster-hosts, cluster-list and cluster-dumpxml, the cluster completers, and what every
 * cluster command says without a cluster, against {@link ListedCluster}.
 */
class ClusterCommandsTest {

    private static final UUID WEB = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID DB = UUID.fromString("22222222-2222-4222-8222-222222222222");
    private static final UUID LOCAL = UUID.fromString("33333333-3333-4333-8333-333333333333");
    private static final UUID BATCH = UUID.fromString("44444444-4444-4444-8444-444444444444");

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();
    private ListedCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = ListedCluster.twoHosts();
        cluster.guest("web", WEB, true, cluster.host("a"), 3);
        cluster.guest("db", DB, false, cluster.host("b"), 0);
        cluster.guest("batch", BATCH, true, null, 7);
        // web runs on a; db's host holds its lease but has not reported the domain yet; a has a domain of its own
        cluster.domains.add(domain(ListedCluster.A, "a", "local", LOCAL, DomainState.SHUTOFF, false));
        cluster.domains.add(domain(ListedCluster.A, "a", "web", WEB, DomainState.RUNNING, true));
        cluster.domains.add(domain(ListedCluster.B, "b", "paused", UUID.randomUUID(), DomainState.PAUSED, false));
        cluster.domains.add(domain(ListedCluster.B, "b", "tools", UUID.randomUUID(), DomainState.RUNNING, false));
    }

    private static ClusterDomain domain(UUID host, String hostname, String name, UUID uuid, DomainState state,
            boolean guest) {
        return new ClusterDomain(host, hostname, "qemu:///system", name, uuid, state, !guest, guest);
    }

    @Test
    void statusShowsModeQuorumThisHostEnsembleAndCounts() throws Exception {
        assertThat(shell.run(with(new ClusterStatusCommand()))).isEqualTo("""
                Mode:           embedded
                Quorum:         yes
                Host:           a
                Host UUID:      0000000a-0000-4000-8000-000000000001
                Ensemble:       127.0.0.1:21181,127.0.0.1:21182
                Hosts:          2
                Guests:         3 (2 running)
                """);
    }

    @Test
    void statusOfAHostRunningAloneSaysSo() throws Exception {
        cluster.connected = false;
        cluster.message = "ensemble unreachable (127.0.0.1:21181): this host runs alone";
        assertThat(shell.run(with(new ClusterStatusCommand())))
                .contains("Quorum:         no\n")
                .endsWith("Message:        ensemble unreachable (127.0.0.1:21181): this host runs alone\n");
    }

    @Test
    void hostsListsEveryMemberWithItsFiguresAndMarksThisOne() throws Exception {
        assertThat(shell.run(with(new ClusterHostsCommand()))).isEqualTo(
                " Name       UUID                                   CPUs   Memory      Free        Load   Guests   Remote URI\n"
                + "-----------------------------------------------------------------------------------------------------------------------\n"
                + " a (self)   0000000a-0000-4000-8000-000000000001   4      8.00 GiB    6.00 GiB    0.50   1        qemu+tls://a/system\n"
                + " b          0000000b-0000-4000-8000-000000000002   8      16.00 GiB   15.00 GiB   1.25   0        qemu+tls://b/system\n");
    }

    @Test
    void listShowsTheInventoryOfEveryHost() throws Exception {
        assertThat(shell.run(with(new ClusterListCommand()))).isEqualTo("""
                 Host   Name     State      Cluster guest
                -------------------------------------------
                 a      local    shut off   no
                 a      web      running    yes
                 b      paused   paused     no
                 b      tools    running    no
                """);
    }

    @Test
    void listFiltersByHostNameOrUuidAndByStateAsVirshListDoes() throws Exception {
        ClusterListCommand onB = with(new ClusterListCommand());
        onB.host = "b";
        onB.nameOnly = true;
        assertThat(shell.run(onB)).isEqualTo("paused\ntools\n");

        ClusterListCommand onA = with(new ClusterListCommand());
        onA.host = ListedCluster.A.toString();
        onA.nameOnly = true;
        assertThat(shell.run(onA)).isEqualTo("local\nweb\n");

        ClusterListCommand running = with(new ClusterListCommand());
        running.stateRunning = true;
        running.nameOnly = true;
        assertThat(shell.run(running)).isEqualTo("web\ntools\n");

        ClusterListCommand shutoffOrPaused = with(new ClusterListCommand());
        shutoffOrPaused.stateShutoff = true;
        shutoffOrPaused.statePaused = true;
        shutoffOrPaused.nameOnly = true;
        assertThat(shell.run(shutoffOrPaused)).isEqualTo("local\npaused\n");

        ClusterListCommand runningOnA = with(new ClusterListCommand());
        runningOnA.stateRunning = true;
        runningOnA.host = "a";
        assertThat(shell.run(runningOnA)).endsWith("\n a      web    running   yes\n");
    }

    @Test
    void listGuestsShowsEveryClusterGuestStoppedOnesIncludedWithHostHaAndVersion() throws Exception {
        ClusterListCommand guests = with(new ClusterListCommand());
        guests.guests = true;
        assertThat(shell.run(guests)).isEqualTo("""
                 Name    Host   State      HA    Wanted    Version
                ----------------------------------------------------
                 batch   -      shut off   yes   stopped   7
                 db      b      starting   no    running   0
                 web     a      running    yes   running   3
                """);

        ClusterListCommand shutoff = with(new ClusterListCommand());
        shutoff.guests = true;
        shutoff.stateShutoff = true;
        shutoff.nameOnly = true;
        assertThat(shell.run(shutoff)).isEqualTo("batch\n");

        ClusterListCommand onA = with(new ClusterListCommand());
        onA.guests = true;
        onA.host = "a";
        onA.nameOnly = true;
        assertThat(shell.run(onA)).isEqualTo("web\n");

        ClusterListCommand other = with(new ClusterListCommand());
        other.guests = true;
        other.stateOther = true;
        other.nameOnly = true;
        assertThat(shell.run(other)).as("a guest still starting is in none of virsh's named states").isEqualTo("db\n");
    }

    @Test
    void aGuestsStateIsItsDomainsOnTheHostHoldingItsLeaseOnly() {
        ClusterGuest web = cluster.guest("web").orElseThrow();
        // the migration's incoming domain on b is not the guest's state while a holds the lease
        List<ClusterDomain> domains = List.of(
                domain(ListedCluster.B, "b", "web", WEB, DomainState.PAUSED, true),
                domain(ListedCluster.A, "a", "web", WEB, DomainState.RUNNING, true));
        assertThat(ClusterListCommand.state(web, domains)).contains(DomainState.RUNNING);
        assertThat(ClusterListCommand.state(web, domains.subList(0, 1))).isEmpty();
        assertThat(ClusterListCommand.state(cluster.guest("batch").orElseThrow(), domains)).contains(DomainState.SHUTOFF);
    }

    @Test
    void anUnknownHostIsRefusedWithoutListing() {
        ClusterListCommand list = with(new ClusterListCommand());
        list.host = "nosuch";
        assertThat(shell.fail(list)).isEqualTo("error: no host 'nosuch' in the cluster");
        ClusterListCommand unknownUuid = with(new ClusterListCommand());
        unknownUuid.host = "99999999-9999-4999-8999-999999999999";
        assertThat(shell.fail(unknownUuid)).isEqualTo("error: no host '99999999-9999-4999-8999-999999999999' in the cluster");
    }

    @Test
    void aHostNameTwoMembersShareIsRefusedWithTheirUuids() throws Exception {
        UUID other = UUID.fromString("0000000c-0000-4000-8000-000000000003");
        cluster.hosts.add(ListedCluster.host(other, "b", false, 2, 1024, 1024, 0, 0));
        assertThat(shell.fail(listOn("b"))).isEqualTo("error: host name 'b' is ambiguous in the cluster: give one of "
                + ListedCluster.B + ", " + other);
        assertThat(shell.run(listOn(other.toString()))).isEmpty();
    }

    private ClusterListCommand listOn(String host) {
        ClusterListCommand list = with(new ClusterListCommand());
        list.host = host;
        list.nameOnly = true;
        return list;
    }

    @Test
    void dumpxmlPrintsTheDefinitionInTheEnsemble() throws Exception {
        ClusterDumpXmlCommand dump = with(new ClusterDumpXmlCommand());
        dump.guest = "web";
        assertThat(shell.run(dump)).isEqualTo(ListedCluster.xml("web", WEB) + "\n");
    }

    @Test
    void anUnknownGuestIsVirshsFailedToGetDomainThenWhereItWasLookedFor() {
        ClusterDumpXmlCommand dump = with(new ClusterDumpXmlCommand());
        dump.guest = "nosuch";
        assertThat(shell.fail(dump)).isEqualTo("error: failed to get domain 'nosuch'\n"
                + "error: Domain not found: no cluster guest with matching name 'nosuch'");
    }

    @Test
    void everyClusterCommandSaysTheClusterIsNotRunningWithoutIt() throws Exception {
        List<Action> commands = new ArrayList<>();
        for (Class<?> type : CommandDeclarationsTest.commandClasses()) {
            if (ClusterCommand.class.isAssignableFrom(type)) {
                Action command = (Action) type.getDeclaredConstructor().newInstance();
                if (command instanceof ClusterGuestCommand guestCommand) {
                    guestCommand.guest = "web";
                }
                commands.add(command);
            }
        }
        assertThat(commands).hasSize(11);
        for (Action command : commands) {
            assertThat(shell.fail(command)).as(command.getClass().getSimpleName()).isEqualTo(
                    "error: Requested operation is not valid: the cluster is not running on this host: "
                            + "install feature virtkit-cluster and configure pid io.virtkit.cluster");
        }
    }

    @Test
    void aFailingClusterBecomesAnErrorLine() {
        ListedCluster broken = new ListedCluster() {
            @Override
            public List<ClusterDomain> domains() {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.NONE, "inventory cache closed");
            }
        };
        ClusterListCommand list = new ClusterListCommand();
        list.cluster = broken;
        assertThat(shell.fail(list)).isEqualTo("error: internal error: inventory cache closed");

        ListedCluster buggy = new ListedCluster() {
            @Override
            public List<ClusterDomain> domains() {
                throw new IllegalStateException("cache not started");
            }
        };
        list.cluster = buggy;
        assertThat(shell.fail(list)).isEqualTo("error: internal error: cache not started");
    }

    @Test
    void completersOfferGuestAndHostNamesAndNothingWithoutACluster() {
        ClusterGuestCompleter guests = new ClusterGuestCompleter();
        ClusterHostCompleter hosts = new ClusterHostCompleter();
        assertThat(guests.candidates()).isEmpty();
        assertThat(hosts.candidates()).isEmpty();
        List<String> none = new ArrayList<>();
        assertThat(guests.complete(null, CompletersTest.line("virt:cluster-start", ""), none)).isEqualTo(-1);
        assertThat(none).isEmpty();

        guests.cluster = cluster;
        hosts.cluster = cluster;
        assertThat(guests.candidates()).containsExactly("batch", "db", "web");
        assertThat(hosts.candidates()).containsExactly("a", "b");
        List<String> candidates = new ArrayList<>();
        assertThat(guests.complete(null, CompletersTest.line("virt:cluster-start", "w"), candidates))
                .isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("web");
        candidates.clear();
        assertThat(hosts.complete(null, CompletersTest.line("virt:cluster-migrate", "web", "b"), candidates))
                .isGreaterThanOrEqualTo(0);
        assertThat(candidates).extracting(String::trim).containsExactly("b");
    }

    private <T extends ClusterCommand> T with(T command) {
        command.cluster = cluster;
        return command;
    }
}
