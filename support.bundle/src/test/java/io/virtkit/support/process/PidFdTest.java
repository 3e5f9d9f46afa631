package io.virtkit.support.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * pidfds on real processes. The pid-reuse case steers the kernel's next pid with
 * {@code /proc/sys/kernel/ns_last_pid} (root, host PID namespace), so that a new process gets exactly the
 * pid of one that has just been reaped.
 */
class PidFdTest {

    private static final Path NS_LAST_PID = Path.of("/proc/sys/kernel/ns_last_pid");

    private final List<Process> processes = new ArrayList<>();
    private final List<PidFd> fds = new ArrayList<>();

    @AfterEach
    void cleanUp() throws InterruptedException {
        fds.forEach(PidFd::close);
        for (Process p : processes) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "60").start();
        processes.add(p);
        return p;
    }

    private PidFd track(PidFd fd) {
        fds.add(fd);
        return fd;
    }

    private static void reap(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void aLiveProcessIsSignalledAndItsExitSeen() throws Exception {
        Process p = sleeper();
        PidFd fd = track(PidFd.of(p.toHandle()));

        assertThat(fd.pid()).isEqualTo(p.pid());
        assertThat(fd.hasExited()).isFalse();
        assertThat(fd.awaitExit(Duration.ZERO)).isFalse();

        assertThat(fd.signal(PidFd.SIGTERM)).isTrue();

        assertThat(fd.awaitExit(Duration.ofSeconds(20))).isTrue();
        assertThat(fd.hasExited()).isTrue();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(128 + PidFd.SIGTERM);
    }

    @Test
    void aProcessThatHasGoneBeforeOpeningIsExitedAndTakesNoSignal() throws Exception {
        Process p = sleeper();
        ProcessHandle handle = p.toHandle();
        reap(p);

        PidFd fd = track(PidFd.of(handle));

        assertThat(fd.hasExited()).isTrue();
        assertThat(fd.awaitExit(Duration.ZERO)).isTrue();
        assertThat(fd.signal(PidFd.SIGKILL)).isFalse();
    }

    @Test
    void aPidTakenByAnotherProcessIsNeitherSignalledNorTakenForTheOldOnesExitEnding() throws Exception {
        Process first = sleeper();
        long pid = first.pid();
        PidFd old = track(PidFd.of(first.toHandle()));
        reap(first);
        assertThat(old.hasExited()).isTrue();

        Process second = null;
        for (int attempt = 0; attempt < 50 && second == null; attempt++) {
            Files.writeString(NS_LAST_PID, Long.toString(pid - 1));
            Process p = sleeper();
            if (p.pid() == pid) {
                second = p;
            } else {
                reap(p); // something else forked in between: again
            }
        }
        assertThat(second).as("a process with the reaped pid " + pid).isNotNull();

        // the old descriptor is the old process's: ended, and its signal does not reach the newcomer
        assertThat(old.hasExited()).isTrue();
        assertThat(old.awaitExit(Duration.ZERO)).isTrue();
        assertThat(old.signal(PidFd.SIGKILL)).isFalse();
        assertThat(second.isAlive()).isTrue();
        // while a descriptor opened now is the newcomer's
        PidFd fresh = track(PidFd.open(pid).orElseThrow());
        assertThat(fresh.hasExited()).isFalse();
        assertThat(fresh.signal(PidFd.SIGKILL)).isTrue();
        assertThat(second.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(fresh.hasExited()).isTrue();
    }

    @Test
    void aClosedPidFdNeitherSignalsNorWaits() throws Exception {
        Process p = sleeper();
        PidFd fd = PidFd.of(p.toHandle());
        fd.close();

        assertThat(fd.signal(PidFd.SIGKILL)).isFalse();
        assertThat(fd.awaitExit(Duration.ofSeconds(20))).isTrue();
        assertThat(p.isAlive()).isTrue();
    }

    @Test
    void noPidIsNoProcess() {
        assertThat(PidFd.open(Integer.MAX_VALUE)).isEmpty();
    }
}
