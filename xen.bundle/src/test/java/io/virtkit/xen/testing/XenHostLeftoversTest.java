package io.virtkit.xen.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed without its shutdown hooks leaves its nested Xen host's QEMU running: the next start stops it and
 * deletes its run, and leaves a live JVM's run alone. A shell waiting on a pipe stands in for QEMU (its command
 * line holds the run's directory, as QEMU's {@code -pidfile} argument does).
 */
class XenHostLeftoversTest {
    @TempDir
    Path runs;

    @Test
    void theQemuOfADeadJvmIsStoppedAndItsRunDeleted() throws Exception {
        Path run = Files.createDirectories(runs.resolve("run-dead"));
        Process stray = standIn(run);
        try {
            Files.writeString(run.resolve("owner.pid"), Long.toString(deadPid()));
            Files.writeString(run.resolve("qemu.pid"), Long.toString(stray.pid()));

            XenHostFixture.stopLeftovers(runs);

            assertThat(stray.waitFor(15, TimeUnit.SECONDS)).isTrue();
            assertThat(run).doesNotExist();
        } finally {
            stray.destroyForcibly();
        }
    }

    @Test
    void theRunOfALiveJvmIsLeftAlone() throws Exception {
        Path run = Files.createDirectories(runs.resolve("run-live"));
        Process qemu = standIn(run);
        try {
            Files.writeString(run.resolve("owner.pid"), Long.toString(ProcessHandle.current().pid()));
            Files.writeString(run.resolve("qemu.pid"), Long.toString(qemu.pid()));

            XenHostFixture.stopLeftovers(runs);

            assertThat(qemu.isAlive()).isTrue();
            assertThat(run.resolve("qemu.pid")).exists();
        } finally {
            qemu.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPidFileNamingAnUnrelatedProcessStopsNothing() throws Exception {
        Path run = Files.createDirectories(runs.resolve("run-reused"));
        Process unrelated = standIn(Files.createDirectories(runs.resolve("elsewhere")));
        try {
            Files.writeString(run.resolve("owner.pid"), Long.toString(deadPid()));
            Files.writeString(run.resolve("qemu.pid"), Long.toString(unrelated.pid())); // a pid reused since

            XenHostFixture.stopLeftovers(runs);

            assertThat(unrelated.isAlive()).isTrue();
            assertThat(run).doesNotExist();
        } finally {
            unrelated.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    /** A shell blocked reading its stdin (a pipe this JVM holds), the run's directory on its command line. */
    private static Process standIn(Path run) throws IOException {
        return new ProcessBuilder("sh", "-c", "read line", run.toAbsolutePath().toString()).start();
    }

    private static long deadPid() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        return done.pid();
    }
}
