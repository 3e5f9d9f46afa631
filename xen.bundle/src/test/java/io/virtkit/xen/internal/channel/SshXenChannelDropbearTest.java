package io.virtkit.xen.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.xen.internal.XenUri;
import io.virtkit.xen.internal.toolstack.XlToolstack;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * The SSH channel against the nested Xen host's dropbear: a timed-out command is killed there with what it started,
 * a closed started command too, a lost session is opened again by the next command, a session lost while a command
 * runs fails it at once, and one session carries many commands at the same time.
 */
public class SshXenChannelDropbearTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static XenHostFixture xen;
    private static SshXenChannel channel;

    @BeforeAll
    static void connect() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        XenUri uri = XenUri.parse(URI.create(xen.uri()));
        channel = new SshXenChannel(new SshTarget(uri.user(), uri.host(), uri.port(), uri.keyFiles(),
                uri.knownHosts(), false, Duration.ofSeconds(30))).connect();
    }

    @AfterAll
    static void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
        if (xen != null) {
            xen.run("kill -9 $(" + pidsOf("sleep 100") + ")", Duration.ofSeconds(30));
        }
    }

    /**
     * A shell line printing the pids of dom0's processes whose command line starts with {@code prefix}: one ps (its
     * args column, full width without a terminal) rather than a tr per process, which took 1-3 s a call under TCG.
     */
    public static String pidsOf(String prefix) {
        return "ps -o pid,args | while read -r p c; do case \"$c\" in " + ShellQuoting.quote(prefix)
                + "*) echo $p;; esac; done";
    }

    /** Whether a process whose command line starts with {@code prefix} runs in dom0 (now, or within 10 s). */
    private static boolean appears(String prefix) throws IOException, InterruptedException {
        return waitFor(prefix, true);
    }

    /** Whether such a process still runs in dom0 after 10 s. */
    private static boolean stays(String prefix) throws IOException, InterruptedException {
        return !waitFor(prefix, false);
    }

    private static boolean waitFor(String prefix, boolean present) throws IOException, InterruptedException {
        for (int i = 0; i < 50; i++) {
            if (!xen.runChecked(pidsOf(prefix)).isBlank() == present) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** The dropbear process serving {@link #channel}'s session (the parent of its commands' shell). */
    private static String sessionProcess() throws IOException {
        String pid = channel.run("echo $PPID", TIMEOUT).stdout().strip();
        assertThat(xen.runChecked("cat /proc/" + pid + "/comm").strip()).isEqualTo("dropbear");
        return pid;
    }

    @Test
    void aHangingCommandTimesOutNamingTheHostAndIsKilledWithItsChildren() throws IOException, InterruptedException {
        XlToolstack xl = new XlToolstack(channel, TIMEOUT);
        long start = System.nanoTime();
        assertThatThrownBy(() -> xl.checked("a stuck toolstack", "sleep 1001 & sleep 1002; wait", new byte[0],
                Duration.ofSeconds(2)))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("'sleep 1001 & sleep 1002; wait' did not finish within 2 s on Xen host "
                        + channel.describe())
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(stays("sleep 100")).as("no sleep is left in dom0").isFalse();
        assertThat(channel.run("echo next", TIMEOUT).stdout()).isEqualTo("next\n");
    }

    @Test
    void aClosedStartedCommandIsKilledOnTheHost() throws IOException, InterruptedException {
        RunningCommand command = channel.start("echo started; sleep 1003");
        BufferedReader out = new BufferedReader(new InputStreamReader(command.stdout(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("started");
        assertThat(appears("sleep 1003")).isTrue();
        command.close();
        assertThat(command.isAlive()).isFalse();
        assertThat(stays("sleep 1003")).as("closing stopped it in dom0").isFalse();
    }

    @Test
    void aLostSessionIsOpenedAgainByTheNextCommand() throws IOException {
        String server = sessionProcess();
        xen.runChecked("kill -9 " + server);
        assertThat(channel.run("echo again", TIMEOUT).stdout()).isEqualTo("again\n");
        assertThat(sessionProcess()).isNotEqualTo(server);
    }

    @Test
    void aSessionLostWhileACommandRunsFailsItAtOnce() throws Exception {
        String server = sessionProcess();
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<CommandResult> running = runner.submit(() -> channel.run("sleep 1004", TIMEOUT));
            assertThat(appears("sleep 1004")).isTrue();
            long start = System.nanoTime();
            xen.runChecked("kill -9 " + server);
            assertThatThrownBy(() -> running.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(ChannelLostException.class)
                    .cause().hasMessage("the SSH session to " + channel.describe() + " ended while 'sleep 1004' ran");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        } finally {
            runner.shutdownNow();
            xen.run("kill -9 $(" + pidsOf("sleep 1004") + ")", TIMEOUT);
        }
        assertThat(channel.run("echo after", TIMEOUT).stdout()).isEqualTo("after\n");
    }

    @Test
    void oneSessionCarriesManyCommandsAtOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Callable<CommandResult>> lists = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lists.add(() -> channel.run("xl list -v", TIMEOUT));
            }
            long start = System.nanoTime();
            for (Future<CommandResult> result : threads.invokeAll(lists)) {
                assertThat(result.get().exitCode()).isZero();
                assertThat(result.get().stdout()).contains("Domain-0");
            }
            System.err.printf("8 concurrent 'xl list -v' over one session: %d ms%n",
                    Duration.ofNanos(System.nanoTime() - start).toMillis());
        } finally {
            threads.shutdownNow();
        }
    }
}
