package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.MigrateFlag;
import io.virtkit.api.MigrationParams;

/**
 * migrate, domjobinfo and domjobabort through core to {@link MigrationDriverStandIn} (scheme standin), and their
 * error paths against the test driver, worded as virsh 9.0 prints them.
 */
class MigrationCommandsTest {

    /** Generous: the commands poll every half second and the machine may be loaded. */
    private static final long WAIT_SECONDS = 60;

    @RegisterExtension
    final ShellHarness shell = new ShellHarness();

    @TempDir
    Path dir;

    private final MigrationDriverStandIn standIn = new MigrationDriverStandIn();

    MigrationCommandsTest() {
        shell.core.addHypervisorDriver(standIn, Map.of("service.id", 2L));
    }

    @AfterEach
    void letTheTransferGo() {
        // a failed test must not leave a migration thread waiting
        standIn.beginRelease.complete(null);
        standIn.transfer.complete(null);
    }

    private MigrateCommand migrate(String domain, String desturi) {
        MigrateCommand command = shell.on(new MigrateCommand(), domain);
        command.connect = "standin:///system";
        command.desturi = desturi;
        return command;
    }

    @Test
    void migrateWithoutP2pRelaysTheStepsBetweenBothConnectionsAndClosesTheDestination() throws Exception {
        MigrateCommand command = migrate("vm1", "standin://hostb/system");
        command.live = true;

        assertThat(shell.run(command)).isEmpty(); // virsh prints nothing either, on no terminal without --verbose

        assertThat(standIn.steps).containsExactly("lookupDomainByName", "migrateBegin", "domainState",
                "migratePrepare", "migratePerform", "migrateFinish", "migrateConfirm");
        assertThat(standIn.performArgs[1]).as("dconnuri").isNull();
        assertThat(standIn.performArgs[4]).isEqualTo((long) (MigrateFlag.LIVE.bit()
                | MigrateFlag.CHANGE_PROTECTION.bit()));
        assertThat(shell.opened).hasSize(2); // the harness checks after the test that both were closed
        assertThat(shell.opened.get(1).toString()).contains("standin://hostb/system");
    }

    @Test
    void migrateP2pHandsTheDestinationAndEveryOptionToTheSourceHost() throws Exception {
        Path xml = Files.writeString(dir.resolve("dest.xml"), "<domain type='kvm'><name>vm2</name></domain>");
        Path persistentXml = Files.writeString(dir.resolve("persist.xml"), "<domain type='kvm'/>");
        MigrateCommand command = migrate("vm1", "standin://hostb/system");
        command.p2p = true;
        command.live = true;
        command.persistent = true;
        command.undefineSource = true;
        command.suspend = true;
        command.dname = "vm2";
        command.migrateUri = "tcp://10.77.0.2:49200";
        command.bandwidth = "50";
        command.xmlFile = xml.toString();
        command.persistentXmlFile = persistentXml.toString();

        assertThat(shell.run(command)).isEmpty();

        assertThat(standIn.steps).containsExactly("lookupDomainByName", "migratePerform");
        assertThat(standIn.performArgs[1]).isEqualTo("standin://hostb/system");
        assertThat(standIn.performArgs[2]).isEqualTo(new MigrationParams("tcp://10.77.0.2:49200", "vm2",
                "<domain type='kvm'><name>vm2</name></domain>", "<domain type='kvm'/>", 50, null));
        assertThat(standIn.performArgs[4]).isEqualTo((long) (MigrateFlag.LIVE.bit() | MigrateFlag.PEER2PEER.bit()
                | MigrateFlag.PERSIST_DEST.bit() | MigrateFlag.UNDEFINE_SOURCE.bit() | MigrateFlag.PAUSED.bit()));
        assertThat(shell.opened).hasSize(1); // the source host opens the destination, not the shell
    }

    @Test
    void verboseShowsTheJobsProgressWhileTheTransferRunsThenAHundredPercent() throws Exception {
        standIn.holdPerform = true;
        standIn.jobInfo = new DomainJobInfo(DomainJobType.UNBOUNDED, 800, 0, 1000, 450, 550, 1000, 450, 550, 0, 0, 0);
        standIn.jobInfoReads = new CountDownLatch(2);
        MigrateCommand command = migrate("vm1", "standin://hostb/system");
        command.verbose = true;

        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return shell.run(command);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(standIn.performStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        // the second read of the job begins after the first one's progress was printed
        assertThat(standIn.jobInfoReads.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        standIn.transfer.complete(null);

        assertThat(output.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("\rMigration: [ 45 %]\rMigration: [100 %]\n");
        assertThat(standIn.steps).endsWith("migrateFinish", "migrateConfirm");
    }

    @Test
    void ctrlCAbortsTheJobAndTheMigrationFailsWithLibvirtsWordsTheGuestStayingHere() throws Exception {
        standIn.holdPerform = true;
        MigrateCommand command = migrate("vm1", "standin://hostb/system");
        command.live = true;
        CompletableFuture<Thread> commandThread = new CompletableFuture<>();
        CompletableFuture<String> failure = CompletableFuture.supplyAsync(() -> {
            commandThread.complete(Thread.currentThread());
            return shell.fail(command);
        });
        assertThat(standIn.performStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        commandThread.get().interrupt(); // what Karaf does on Ctrl-C

        assertThat(failure.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("error: operation aborted: migration out job: canceled by client");
        // perform failed: the destination cleans up, the source already resumed (no confirm)
        assertThat(standIn.steps).endsWith("migratePerform", "abortDomainJob", "migrateFinish");
    }

    @Test
    void ctrlCWhileTheMigrationIsStillBeginningAbortsItOnceItsJobRuns() throws Exception {
        standIn.holdPerform = true;
        standIn.beginRelease = new CompletableFuture<>();
        standIn.aborts = new CountDownLatch(1);
        CompletableFuture<Thread> commandThread = new CompletableFuture<>();
        CompletableFuture<String> failure = CompletableFuture.supplyAsync(() -> {
            commandThread.complete(Thread.currentThread());
            return shell.fail(migrate("vm1", "standin://hostb/system"));
        });
        assertThat(standIn.beginStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();

        commandThread.get().interrupt();
        assertThat(standIn.aborts.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue(); // refused: no job yet
        standIn.beginRelease.complete(null);

        assertThat(failure.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("error: operation aborted: migration out job: canceled by client");
        // refused while beginning, asked again at the readings until the transfer ran and failed by it
        assertThat(standIn.steps.stream().filter("abortDomainJob"::equals).count()).as(standIn.steps.toString())
                .isGreaterThanOrEqualTo(2);
        assertThat(standIn.steps).endsWith("migrateFinish");
    }

    @Test
    void migrateRefusesBadOptionsWithVirshsWords() throws Exception {
        MigrateCommand both = migrate("vm1", "standin://hostb/system");
        both.live = true;
        both.offline = true;
        assertThat(shell.fail(both)).isEqualTo("error: Options --live and --offline are mutually exclusive");

        MigrateCommand persistentXml = migrate("vm1", "standin://hostb/system");
        persistentXml.persistentXmlFile = "/nonexistent.xml";
        assertThat(shell.fail(persistentXml)).isEqualTo("error: Option --persistent is required by option"
                + " --persistent-xml");

        MigrateCommand bandwidth = migrate("vm1", "standin://hostb/system");
        bandwidth.bandwidth = "fast";
        assertThat(shell.fail(bandwidth))
                .isEqualTo("error: Numeric value 'fast' for <bandwidth> option is malformed or out of range");

        MigrateCommand missingXml = migrate("vm1", "standin://hostb/system");
        missingXml.xmlFile = dir.resolve("none.xml").toString();
        assertThat(shell.fail(missingXml)).isEqualTo("error: Failed to open file '" + missingXml.xmlFile
                + "': No such file or directory");

        MigrateCommand offline = migrate("vm1", "standin://hostb/system");
        offline.offline = true;
        assertThat(shell.fail(offline)).isEqualTo("error: Requested operation is not valid: offline migration must"
                + " be specified with the persistent flag set");

        MigrateCommand toItself = migrate("vm1", "standin:///system");
        toItself.p2p = true;
        assertThat(shell.fail(toItself)).isEqualTo("error: Attempt to migrate guest to the same host");

        assertThat(shell.fail(migrate("nosuch", "standin://hostb/system")))
                .isEqualTo("error: failed to get domain 'nosuch'");
        assertThat(shell.fail(migrate("vm1", "bogus://hostb/system"))).startsWith("error: ");
        assertThat(standIn.steps).doesNotContain("migrateBegin", "migratePerform");
    }

    @Test
    void aDriverThatDoesNotMigrateAnswersAsLibvirtsTestDriverDoes() {
        MigrateCommand direct = shell.on(new MigrateCommand(), "test");
        direct.desturi = "standin://hostb/system";
        assertThat(shell.fail(direct))
                .isEqualTo("error: this function is not supported by the connection driver: virDomainMigrate3");

        MigrateCommand p2p = shell.on(new MigrateCommand(), "test");
        p2p.desturi = "qemu+tls://hostb/system";
        p2p.p2p = true;
        assertThat(shell.fail(p2p))
                .isEqualTo("error: argument unsupported: p2p migration is not supported by the source host");

        assertThat(shell.fail(shell.on(new DomJobInfoCommand(), "test")))
                .isEqualTo("error: this function is not supported by the connection driver: virDomainGetJobInfo");
        DomJobInfoCommand completed = shell.on(new DomJobInfoCommand(), "test");
        completed.completed = true;
        assertThat(shell.fail(completed)).isEqualTo("""
                error: Optional flags or --rawstats are not supported by the daemon
                error: this function is not supported by the connection driver: virDomainGetJobStats""");
        assertThat(shell.fail(shell.on(new DomJobAbortCommand(), "test")))
                .isEqualTo("error: this function is not supported by the connection driver: virDomainAbortJob");
    }

    @Test
    void domjobinfoPrintsAMigrationsStatisticsInVirshsLayout() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("operation", DomainJobStats.OPERATION_MIGRATION_OUT);
        fields.put("time_elapsed", 1534L);
        fields.put("data_total", 285_212_672L);
        fields.put("data_processed", 120_586_240L);
        fields.put("data_remaining", 164_626_432L);
        fields.put("memory_total", 285_212_672L);
        fields.put("memory_processed", 120_586_240L);
        fields.put("memory_remaining", 164_626_432L);
        fields.put("memory_bps", 104_857_600L);
        fields.put("memory_dirty_rate", 0L);
        fields.put("memory_iteration", 1L);
        fields.put("memory_constant", 12_000L);
        fields.put("memory_normal", 29_440L);
        fields.put("memory_normal_bytes", 120_586_240L);
        fields.put("downtime", 300L);
        fields.put("setup_time", 12L);
        standIn.jobStats = new DomainJobStats(DomainJobType.UNBOUNDED, fields);

        DomJobInfoCommand command = shell.on(new DomJobInfoCommand(), "vm1");
        command.connect = "standin:///system";
        assertThat(shell.run(command)).isEqualTo("""
                Job type:         Unbounded   \n\
                Operation:        Outgoing migration
                Time elapsed:     1534         ms
                Data processed:   115.000 MiB
                Data remaining:   157.000 MiB
                Data total:       272.000 MiB
                Memory processed: 115.000 MiB
                Memory remaining: 157.000 MiB
                Memory total:     272.000 MiB
                Memory bandwidth: 100.000 MiB/s
                Dirty rate:       0            pages/s
                Iteration:        1           \n\
                Constant pages:   12000       \n\
                Normal pages:     29440       \n\
                Normal data:      115.000 MiB
                Expected downtime: 300          ms
                Setup time:       12           ms
                """);
    }

    @Test
    void domjobinfoCompletedShowsTheLastJobWithItsTotalDowntimeAndNoneWithoutAJob() throws Exception {
        standIn.completedStats = new DomainJobStats(DomainJobType.COMPLETED, Map.of("operation", 5,
                "time_elapsed", 2000L, "downtime", 42L));
        DomJobInfoCommand completed = shell.on(new DomJobInfoCommand(), "vm1");
        completed.connect = "standin:///system";
        completed.completed = true;
        assertThat(shell.run(completed)).isEqualTo("""
                Job type:         Completed   \n\
                Operation:        Outgoing migration
                Time elapsed:     2000         ms
                Total downtime:   42           ms
                """);

        DomJobInfoCommand none = shell.on(new DomJobInfoCommand(), "vm1");
        none.connect = "standin:///system";
        assertThat(shell.run(none)).isEqualTo("Job type:         None        \n");

        // a driver with no statistics: its plain job info, as virsh falls back to virDomainGetJobInfo
        standIn.offersStats = false;
        standIn.jobInfo = new DomainJobInfo(DomainJobType.BOUNDED, 10, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(shell.run(none)).isEqualTo("""
                Job type:         Bounded     \n\
                Operation:        Unknown     \n\
                Time elapsed:     10           ms
                Time remaining:   20           ms
                """);
    }

    @Test
    void domjobabortIsSilentOnSuccessAndSaysWhenThereIsNoJob() throws Exception {
        DomJobAbortCommand abort = shell.on(new DomJobAbortCommand(), "vm1");
        abort.connect = "standin:///system";
        assertThat(shell.fail(abort))
                .isEqualTo("error: Requested operation is not valid: no job is active on the domain");

        standIn.holdPerform = true;
        CompletableFuture<String> migration = CompletableFuture.supplyAsync(
                () -> shell.fail(migrate("vm1", "standin://hostb/system")));
        assertThat(standIn.performStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(shell.run(abort)).isEmpty();
        assertThat(migration.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("error: operation aborted: migration out job: canceled by client");
    }

    @Test
    void destUriCompleterOffersRemoteTransportsThenTheUrisOnTheTypedHost() {
        DestUriCompleter completer = new DestUriCompleter();
        completer.connectionFactory = shell.factory;
        DestUriCompleter.Offers start = completer.offers("");
        assertThat(start.prefixes()).containsExactly("standin+tls://", "standin+tcp://", "test+tls://",
                "test+tcp://");
        assertThat(start.uris()).isEmpty();
        assertThat(completer.offers("standin+tls://hostb").uris())
                .containsExactly("standin+tls://hostb/system", "standin+tls://hostb/session");
        assertThat(completer.offers("test+tcp://10.77.0.2/").uris()).containsExactly("test+tcp://10.77.0.2/default");
        // a scheme no driver here serves: only the beginnings
        assertThat(completer.offers("xen+tls://hostb").uris()).isEmpty();

        List<String> candidates = new java.util.ArrayList<>();
        completer.complete(null, CompletersTest.line("virt:migrate", "vm1", "test+t"), candidates);
        assertThat(candidates).extracting(String::trim).containsExactly("test+tcp://", "test+tls://");
    }
}
