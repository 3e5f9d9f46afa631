package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.ClusterGuest;

/**
 * The cluster guest verbs: cluster-define, cluster-update, cluster-set-ha, cluster-undefine, cluster-start,
 * cluster-stop and cluster-migrate with its progress, against {@link ListedCluster}; the cluster's errors are shown
 * as virsh shows a driver's, after the verb's own line.
 */
class ClusterGuestCommandsTest {

    /** Generous: the machine may be loaded. */
    private static final long WAIT_SECONDS = 60;
    private static final UUID WEB = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final UUID NEW = UUID.fromString("55555555-5555-4555-8555-555555555555");

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @TempDir
    Path dir;

    private ListedCluster cluster;

    @BeforeEach
    void setUp() {
        cluster = ListedCluster.twoHosts();
        cluster.guest("web", WEB, false, null, 4);
    }

    @AfterEach
    void letTheMigrationGo() {
        CompletableFuture<Void> release = cluster.migrationRelease;
        if (release != null) {
            release.complete(null); // a failed test must not leave a migration thread waiting
        }
    }

    @Test
    void defineStoresTheFileForThisHostsFirstUriOrTheOneGiven() throws Exception {
        Path file = Files.writeString(dir.resolve("new.xml"), ListedCluster.xml("new", NEW));
        ClusterDefineCommand define = with(new ClusterDefineCommand());
        define.file = file.toString();
        define.ha = true;
        assertThat(shell.run(define)).isEqualTo("Domain 'new' defined in the cluster from " + file + " (HA)\n");
        assertThat(cluster.calls).containsExactly("define qemu:///system ha=true");

        Path other = Files.writeString(dir.resolve("lxc.xml"), "<domain type='lxc'><name>ct</name></domain>");
        ClusterDefineCommand lxc = with(new ClusterDefineCommand());
        lxc.file = other.toString();
        lxc.connect = "lxc:///system";
        assertThat(shell.run(lxc)).isEqualTo("Domain 'ct' defined in the cluster from " + other + "\n");
        assertThat(cluster.guest("ct").orElseThrow().uri()).isEqualTo("lxc:///system");
        assertThat(cluster.guest("ct").orElseThrow().ha()).isFalse();
    }

    @Test
    void defineShowsTheClustersRefusalAfterVirshsLine() throws Exception {
        Path taken = Files.writeString(dir.resolve("web.xml"), ListedCluster.xml("web", NEW));
        ClusterDefineCommand define = with(new ClusterDefineCommand());
        define.file = taken.toString();
        assertThat(shell.fail(define)).isEqualTo("error: Failed to define domain from " + taken + "\n"
                + "error: operation failed: domain 'web' already exists with uuid " + WEB);

        ClusterDefineCommand missing = with(new ClusterDefineCommand());
        missing.file = dir.resolve("none.xml").toString();
        assertThat(shell.fail(missing)).isEqualTo("error: Failed to open file '" + missing.file
                + "': No such file or directory");
        assertThat(cluster.calls).containsExactly("define qemu:///system ha=false");
    }

    @Test
    void defineWithoutAUriOnAHostNotYetAMemberAsksForOne() throws Exception {
        cluster.hosts.removeIf(h -> h.self());
        ClusterDefineCommand define = with(new ClusterDefineCommand());
        define.file = Files.writeString(dir.resolve("new.xml"), ListedCluster.xml("new", NEW)).toString();
        assertThat(shell.fail(define)).isEqualTo("error: this host offers the cluster no connection URI (it is not a "
                + "member yet?): give one with -c");
        assertThat(cluster.calls).isEmpty();
    }

    @Test
    void updateWritesAtTheVersionGivenOrReadAndKeepsTheHaMarkUnlessTold() throws Exception {
        Path file = Files.writeString(dir.resolve("web.xml"), ListedCluster.xml("web", WEB) + "<!-- v5 -->");
        ClusterUpdateCommand update = guestCommand(new ClusterUpdateCommand(), "web");
        update.file = file.toString();
        assertThat(shell.run(update)).isEqualTo("Domain 'web' updated in the cluster from " + file + " (version 5)\n");
        assertThat(cluster.guest("web").orElseThrow().xml()).endsWith("<!-- v5 -->");

        ClusterUpdateCommand ha = guestCommand(new ClusterUpdateCommand(), "web");
        ha.file = file.toString();
        ha.version = 5L;
        ha.ha = true;
        assertThat(shell.run(ha)).isEqualTo("Domain 'web' updated in the cluster from " + file + " (version 6)\n");
        assertThat(cluster.calls).containsExactly("update web ha=false version=4", "update web ha=true version=5");
        assertThat(cluster.guest("web").orElseThrow().ha()).isTrue();
    }

    @Test
    void anUpdateLosingToAnotherHostShowsTheClustersConflictVerbatim() throws Exception {
        ClusterUpdateCommand stale = guestCommand(new ClusterUpdateCommand(), "web");
        stale.file = Files.writeString(dir.resolve("web.xml"), ListedCluster.xml("web", WEB)).toString();
        stale.version = 2L;
        assertThat(shell.fail(stale)).isEqualTo("error: Failed to update domain 'web' from " + stale.file + "\n"
                + "error: operation failed: cluster guest 'web' was changed by another host (version 4, expected 2)");

        ClusterUpdateCommand both = guestCommand(new ClusterUpdateCommand(), "web");
        both.file = stale.file;
        both.ha = true;
        both.noHa = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --ha and --no-ha are mutually exclusive");
        assertThat(cluster.guest("web").orElseThrow().version()).isEqualTo(4);
    }

    @Test
    void setHaRewritesTheDefinitionAtTheVersionJustRead() throws Exception {
        ClusterSetHaCommand on = guestCommand(new ClusterSetHaCommand(), "web");
        on.state = "on";
        assertThat(shell.run(on)).isEqualTo("Domain 'web' is now HA\n");
        ClusterSetHaCommand off = guestCommand(new ClusterSetHaCommand(), "web");
        off.state = "off";
        assertThat(shell.run(off)).isEqualTo("Domain 'web' is no longer HA\n");
        assertThat(cluster.calls).containsExactly("update web ha=true version=4", "update web ha=false version=5");
        assertThat(cluster.guest("web").orElseThrow().xml()).isEqualTo(ListedCluster.xml("web", WEB));

        ClusterSetHaCommand bad = guestCommand(new ClusterSetHaCommand(), "web");
        bad.state = "yes";
        assertThat(shell.fail(bad)).isEqualTo("error: invalid argument: state 'yes' is neither 'on' nor 'off'");
        assertThat(cluster.calls).hasSize(2);
    }

    @Test
    void setHaLosingARaceShowsTheConflict() {
        ListedCluster racing = new ListedCluster() {
            @Override
            public ClusterGuest updateGuest(String name, String xml, boolean ha, long expectedVersion) {
                guest("web", WEB, false, null, 5); // another host wrote in between
                return super.updateGuest(name, xml, ha, expectedVersion);
            }
        };
        racing.hosts.addAll(cluster.hosts);
        racing.guest("web", WEB, false, null, 4);
        ClusterSetHaCommand on = new ClusterSetHaCommand();
        on.cluster = racing;
        on.guest = "web";
        on.state = "on";
        assertThat(shell.fail(on)).isEqualTo("error: Failed to set HA of domain 'web'\n"
                + "error: operation failed: cluster guest 'web' was changed by another host (version 5, expected 4)");
    }

    @Test
    void undefineRemovesAStoppedGuestAndRefusesARunningOne() throws Exception {
        cluster.guest("db", UUID.randomUUID(), true, cluster.host("b"), 0);
        assertThat(shell.fail(guestCommand(new ClusterUndefineCommand(), "db"))).isEqualTo(
                "error: Failed to undefine domain 'db'\nerror: Requested operation is not valid: domain is not in shutoff state");
        assertThat(shell.run(guestCommand(new ClusterUndefineCommand(), "web")))
                .isEqualTo("Domain 'web' has been undefined from the cluster\n");
        assertThat(cluster.guestNames()).containsExactly("db");
        assertThat(shell.fail(guestCommand(new ClusterUndefineCommand(), "web"))).startsWith(
                "error: failed to get domain 'web'\n");
    }

    @Test
    void startPrintsTheHostPlacementChoseOrTheOneGivenByNameOrUuid() throws Exception {
        assertThat(shell.run(guestCommand(new ClusterStartCommand(), "web")))
                .isEqualTo("Domain 'web' started on host 'b'\n");
        shell.run(guestCommand(new ClusterStopCommand(), "web"));

        ClusterStartCommand onA = guestCommand(new ClusterStartCommand(), "web");
        onA.host = "a";
        assertThat(shell.run(onA)).isEqualTo("Domain 'web' started on host 'a'\n");
        shell.run(guestCommand(new ClusterStopCommand(), "web"));

        ClusterStartCommand byUuid = guestCommand(new ClusterStartCommand(), "web");
        byUuid.host = ListedCluster.A.toString();
        assertThat(shell.run(byUuid)).isEqualTo("Domain 'web' started on host 'a'\n");
        assertThat(cluster.calls).containsExactly("start web on " + ListedCluster.B, "stop web graceful=false",
                "start web on " + ListedCluster.A, "stop web graceful=false", "start web on " + ListedCluster.A);
    }

    @Test
    void startErrorsAreVirshsTwoLines() throws Exception {
        ClusterStartCommand nowhere = guestCommand(new ClusterStartCommand(), "web");
        nowhere.host = "c";
        assertThat(shell.fail(nowhere)).isEqualTo("error: no host 'c' in the cluster");
        assertThat(shell.fail(guestCommand(new ClusterStartCommand(), "nosuch"))).isEqualTo(
                "error: failed to get domain 'nosuch'\nerror: Domain not found: no cluster guest with matching name 'nosuch'");
        assertThat(cluster.calls).isEmpty();

        shell.run(guestCommand(new ClusterStartCommand(), "web"));
        assertThat(shell.fail(guestCommand(new ClusterStartCommand(), "web"))).isEqualTo("error: Failed to start domain "
                + "'web'\nerror: Requested operation is not valid: domain is already running on host 'b'");

        cluster.connected = false;
        ClusterStopCommand stop = guestCommand(new ClusterStopCommand(), "web");
        assertThat(shell.fail(stop)).isEqualTo("error: Failed to destroy domain 'web'\n"
                + "error: Requested operation is not valid: cluster has no quorum: cannot stop guest 'web'");
    }

    @Test
    void stopDestroysOrShutsDownWhereItRanAndSaysWhere() throws Exception {
        cluster.guest("web", WEB, true, cluster.host("b"), 4);
        ClusterStopCommand graceful = guestCommand(new ClusterStopCommand(), "web");
        graceful.graceful = true;
        assertThat(shell.run(graceful)).isEqualTo("Domain 'web' shut down on host 'b'\n");
        assertThat(cluster.guest("web").orElseThrow().wantedRunning()).isFalse();
        assertThat(shell.fail(guestCommand(new ClusterStopCommand(), "web"))).isEqualTo(
                "error: Failed to destroy domain 'web'\nerror: Requested operation is not valid: domain is not running");
        cluster.guest("web", WEB, true, cluster.host("a"), 4);
        assertThat(shell.run(guestCommand(new ClusterStopCommand(), "web"))).isEqualTo("Domain 'web' destroyed on host 'a'\n");
        assertThat(cluster.calls).containsExactly("stop web graceful=true", "stop web graceful=false",
                "stop web graceful=false");
    }

    @Test
    void migrateMovesItToTheHostGivenOrChosenAndPrintsBothHosts() throws Exception {
        cluster.guest("web", WEB, true, cluster.host("a"), 4);
        assertThat(shell.run(guestCommand(new ClusterMigrateCommand(), "web")))
                .isEqualTo("Domain 'web' migrated from host 'a' to host 'b'\n");
        ClusterMigrateCommand back = guestCommand(new ClusterMigrateCommand(), "web");
        back.host = "a";
        assertThat(shell.run(back)).isEqualTo("Domain 'web' migrated from host 'b' to host 'a'\n");
        assertThat(cluster.calls).containsExactly("migrate web to " + ListedCluster.B, "migrate web to " + ListedCluster.A);
    }

    @Test
    void migrateErrorsAreVirshsTwoLines() throws Exception {
        assertThat(shell.fail(guestCommand(new ClusterMigrateCommand(), "web"))).isEqualTo(
                "error: Failed to migrate domain 'web'\nerror: Requested operation is not valid: domain is not running");
        ClusterMigrateCommand nowhere = guestCommand(new ClusterMigrateCommand(), "web");
        nowhere.host = "c";
        assertThat(shell.fail(nowhere)).isEqualTo("error: no host 'c' in the cluster");
        assertThat(cluster.calls).as("the unknown host refused before asking the cluster")
                .containsExactly("migrate web to " + ListedCluster.A);
    }

    @Test
    void verboseMigrateEndsTheProgressLineBeforeTheResult() throws Exception {
        cluster.guest("web", WEB, true, cluster.host("a"), 4);
        ClusterMigrateCommand migrate = guestCommand(new ClusterMigrateCommand(), "web");
        migrate.verbose = true;
        cluster.migrationRelease = new CompletableFuture<>();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return shell.run(migrate);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(cluster.migrationStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        cluster.migrationRelease.complete(null);
        // how many seconds lines show depends on the machine; the result comes on a line of its own after them
        assertThat(output.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .matches("(\\rMigration: \\d+ s)*\\n?Domain 'web' migrated from host 'a' to host 'b'\\n");
    }

    @Test
    void ctrlCStopsWaitingForTheMigrationAndSaysItGoesOn() throws Exception {
        cluster.guest("web", WEB, true, cluster.host("a"), 4);
        cluster.migrationRelease = new CompletableFuture<>();
        CompletableFuture<Thread> commandThread = new CompletableFuture<>();
        CompletableFuture<String> failure = CompletableFuture.supplyAsync(() -> {
            commandThread.complete(Thread.currentThread());
            return shell.fail(guestCommand(new ClusterMigrateCommand(), "web"));
        });
        assertThat(cluster.migrationStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        commandThread.get().interrupt(); // what Karaf does on Ctrl-C

        assertThat(failure.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("error: stopped waiting: the cluster goes on "
                + "with the migration of guest 'web'; virt:cluster-list --guests shows where it runs");
    }

    @Test
    void theWatchShowsTheElapsedSecondsOncePerChangeThenEndsTheLine() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        // every reading of the clock is half a second later; the call ends once the clock was read six times
        AtomicLong now = new AtomicLong();
        CountDownLatch readings = new CountDownLatch(6);
        ClusterOperationWatch watch = new ClusterOperationWatch("Migration", out, Duration.ofMillis(5), () -> {
            readings.countDown();
            return now.getAndAdd(TimeUnit.MILLISECONDS.toNanos(500));
        });
        String answer = watch.run("test", "the test", () -> {
            try {
                readings.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "done";
        });
        assertThat(answer).isEqualTo("done");
        // readings 0.5 s, 1 s, 1.5 s, 2 s, 2.5 s after the start at 0, perhaps more before the call's end is seen
        assertThat(buffer.toString(StandardCharsets.UTF_8))
                .startsWith("\rMigration: 0 s\rMigration: 1 s\rMigration: 2 s").endsWith(" s\n")
                .doesNotContain("\rMigration: 1 s\rMigration: 1 s");
    }

    @Test
    void theWatchRethrowsTheCallsFailureAndPrintsNothingWithoutAnOutput() throws Exception {
        ClusterOperationWatch watch = new ClusterOperationWatch("Start", null, Duration.ofMillis(1), System::nanoTime);
        VirtException failure = new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, "no host can run it");
        assertThat(catchThrowable(() -> watch.run("test", "the test", () -> {
            throw failure;
        }))).isSameAs(failure);
        assertThat(watch.run("test", "the test", () -> Optional.of("ok"))).contains("ok");
    }

    private <T extends ClusterGuestCommand> T guestCommand(T command, String guest) {
        command.cluster = cluster;
        command.guest = guest;
        return command;
    }

    private <T extends ClusterCommand> T with(T command) {
        command.cluster = cluster;
        return command;
    }
}
