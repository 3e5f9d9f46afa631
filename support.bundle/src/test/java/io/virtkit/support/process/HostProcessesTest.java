package io.virtkit.support.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class HostProcessesTest {

    @Test
    void aProcessIsFoundByItsCommandLineAndItsEndIsSeen() throws Exception {
        String marker = "9" + Math.abs(UUID.randomUUID().getMostSignificantBits() % 1_000_000); // a unique duration
        Process sleeper = new ProcessBuilder("sleep", "1" + marker).start();
        try {
            assertThat(HostProcesses.withCommandLine("sleep\0", "1" + marker))
                    .extracting(ProcessHandle::pid).containsExactly(sleeper.pid());
            assertThat(HostProcesses.cmdline(sleeper.pid())).isEqualTo("sleep\0" + "1" + marker + "\0");
            assertThat(HostProcesses.await(sleeper.toHandle(), Duration.ofMillis(50))).isFalse();
        } finally {
            sleeper.destroyForcibly();
        }
        assertThat(HostProcesses.await(sleeper.toHandle(), Duration.ofSeconds(10))).isTrue();
        assertThat(HostProcesses.withCommandLine("sleep\0", "1" + marker)).isEmpty();
    }

    @Test
    void aProcessThatIsGoneIsNoZombieAndHasNoCommandLine() {
        assertThat(HostProcesses.isZombie(Long.MAX_VALUE)).isFalse();
        assertThat(HostProcesses.cmdline(Long.MAX_VALUE)).isEmpty();
    }
}
