package io.virtkit.xen.internal.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local channel (Virtkit in dom0) with plain shell commands on this machine. */
class LocalXenChannelTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    private final LocalXenChannel channel = new LocalXenChannel();

    @TempDir
    Path dir;

    @Test
    void aCommandGetsItsInputAndItsOutputAndExitCodeComeBack() throws IOException {
        CommandResult result = channel.run("read line; echo \"got $line\"; echo warned >&2; exit 3",
                "xen\n".getBytes(StandardCharsets.UTF_8), TIMEOUT);
        assertThat(result).isEqualTo(new CommandResult(3, "got xen\n", "warned\n"));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.message()).isEqualTo("warned");
        assertThat(channel.run("true", TIMEOUT).succeeded()).isTrue();
    }

    @Test
    void aCommandThatIgnoresItsInputStillEnds() throws IOException {
        byte[] big = new byte[1 << 20]; // more than a pipe holds: the write fails, the exit code counts
        assertThat(channel.run("exit 0", big, TIMEOUT).exitCode()).isZero();
    }

    @Test
    void aTimeoutKillsTheWholeProcessTree() throws IOException, InterruptedException {
        Path pid = dir.resolve("pid");
        long start = System.nanoTime();
        assertThatThrownBy(() -> channel.run("sleep 300 & echo $! > " + pid + "; wait", new byte[0],
                Duration.ofSeconds(2)))
                .isInstanceOf(ChannelTimeoutException.class).hasMessageEndingWith("did not finish within 2 s");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        Optional<ProcessHandle> sleeper = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip()));
        if (sleeper.isPresent()) {
            sleeper.get().onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        assertThat(ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).filter(ProcessHandle::isAlive))
                .as("the background sleep was killed too").isEmpty();
    }

    @Test
    void aStartedCommandStreamsBothWaysAndStopsWhenClosed() throws IOException {
        Path pid = dir.resolve("pid");
        RunningCommand command = channel.start("echo $$ > " + pid + "; echo ready; read line; echo got $line;"
                + " echo oops >&2; sleep 300");
        BufferedReader out = new BufferedReader(new InputStreamReader(command.stdout(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("ready");
        command.stdin().write("xl\n".getBytes(StandardCharsets.UTF_8));
        command.stdin().flush();
        assertThat(out.readLine()).isEqualTo("got xl");
        assertThat(out.readLine()).as("stderr is merged").isEqualTo("oops");
        assertThat(command.isAlive()).isTrue();
        command.close();
        ProcessHandle shell = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
        if (shell != null) {
            shell.onExit().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        }
        // the shell's handle and the command's Process learn of the exit through different completions: wait for
        // the command's own (bounded), never read it in the same instant
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (command.isAlive() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
        }
        assertThat(command.isAlive()).isFalse();
    }

    @Test
    void itDescribesItself() {
        assertThat(channel.describe()).isEqualTo("local");
        assertThat(channel.isOpen()).isTrue();
    }
}
