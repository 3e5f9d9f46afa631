package io.virtkit.itests.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.virtkit.itests.hosts.GuestProcesses;
import io.virtkit.itests.hosts.HostCommand;
import io.virtkit.itests.hosts.VirtkitDaemon;

/** The migration tests' fixture itself: two daemons, each in its namespace, answering virsh; the guest runs on A. */
@ExtendWith(TwoHosts.Extension.class)
class HostPairIT {

    @Test
    void eachDaemonAnswersVirshInItsNamespaceWithTheNetworkDefined(TwoHosts hosts) {
        for (VirtkitDaemon host : java.util.List.of(hosts.a(), hosts.b())) {
            HostCommand.Result uri = host.virsh(TwoHosts.VIRSH_BOUND, "uri");
            assertThat(uri.ok()).as("%s", uri).isTrue();
            assertThat(uri.out().strip()).isEqualTo(host.uri());
            HostCommand.Result networks = host.virsh(TwoHosts.VIRSH_BOUND, "net-list", "--name");
            assertThat(networks.outOrFail().lines()).as(host.name()).contains(MigrationGuest.NETWORK);
        }
        // each host reaches the other over the veth: A's virsh to B's address
        HostCommand.Result fromA = hosts.a().virshOn(hosts.b().uri(), TwoHosts.VIRSH_BOUND, "uri");
        assertThat(fromA.ok()).as("%s", fromA).isTrue();
    }

    @Test
    void theGuestRunsOnAOnlyAndCountsOn(TwoHosts hosts) throws InterruptedException {
        MigrationGuest guest = hosts.guest();
        assertThat(GuestProcesses.on(hosts.a(), guest.uuid())).hasSize(1);
        assertThat(GuestProcesses.on(hosts.b(), guest.uuid())).isEmpty();
        assertThat(hosts.a().virsh(TwoHosts.VIRSH_BOUND, "domstate", guest.name()).outOrFail().strip())
                .isEqualTo("running");
        long tick = hosts.console().poll();
        hosts.console().awaitTickAbove(tick + 2, Duration.ofSeconds(30));
        assertThat(hosts.watcher().violations()).isEmpty();
    }
}
