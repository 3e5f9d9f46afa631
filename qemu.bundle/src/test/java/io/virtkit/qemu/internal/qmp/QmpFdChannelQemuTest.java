package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * Descriptor passing to a real qemu-system-x86_64 (TCG, -S, no disk) over a second QMP monitor. The
 * TAP test makes its device in a network namespace of its own, deleted whatever happens.
 */
class QmpFdChannelQemuTest {
    private static final String QEMU = "qemu-system-x86_64";
    private static final Duration T = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Process qemu;
    private Path mainSocket;
    private Path fdSocket;
    private QmpClient main;
    private QmpFdChannel channel;
    private final List<Integer> fds = new ArrayList<>();
    private String netns;

    @BeforeEach
    void startQemu() throws IOException {
        mainSocket = dir.resolve("qmp.sock");
        fdSocket = dir.resolve("fdpass.sock");
        List<String> cmd = new ArrayList<>(List.of(QEMU, "-machine", "pc,accel=tcg", "-m", "32", "-nodefaults",
                "-no-user-config", "-display", "none", "-S", "-qmp", "unix:" + mainSocket + ",server=on,wait=off"));
        cmd.addAll(QmpFdChannel.monitorArgs(fdSocket));
        qemu = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("qemu.log").toFile()).start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (channel != null) {
                channel.close();
            }
            if (main != null) {
                main.close();
            }
            fds.forEach(TestLibC::closeQuietly);
        } finally {
            qemu.destroyForcibly();
            assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).as("QEMU exited").isTrue();
            if (netns != null) {
                HostNetnsFixture.ip("netns", "del", netns);
            }
        }
    }

    private QmpFdChannel connect() {
        channel = QmpFdChannel.connect(fdSocket, T);
        return channel;
    }

    private int openTempFile(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "x");
        int fd = TestLibC.open(file.toString(), TestLibC.O_RDWR | TestLibC.O_CLOEXEC, 0600);
        fds.add(fd);
        return fd;
    }

    /** What QEMU's own descriptor table points at: the proof that a descriptor arrived (or left). */
    private List<String> qemuFdTargets() throws IOException {
        List<String> targets = new ArrayList<>();
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(qemu.pid()), "fd"))) {
            for (Path p : s.toList()) {
                try {
                    targets.add(Files.readSymbolicLink(p).toString());
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        return targets;
    }

    @Test
    void monitorArgsDescribeASecondControlMonitor() {
        assertThat(QmpFdChannel.monitorArgs(Path.of("/run/vk/d1/fdpass.sock"))).containsExactly(
                "-chardev", "socket,id=charfdpass,path=/run/vk/d1/fdpass.sock,server=on,wait=off",
                "-mon", "chardev=charfdpass,mode=control");
        assertThat(QmpFdChannel.monitorArgs(Path.of("/run/a,b.sock")).get(1)).contains("path=/run/a,,b.sock,");
    }

    @Test
    void passedDescriptorReachesQemuAndCloseFdReleasesIt() throws Exception {
        connect();
        Path file = dir.resolve("passed.bin");
        int fd = openTempFile("passed.bin");
        assertThat(qemuFdTargets()).doesNotContain(file.toString());

        channel.passFd(fd, "tap0");

        assertThat(qemuFdTargets()).contains(file.toString());
        channel.closeFd("tap0");
        assertThat(qemuFdTargets()).doesNotContain(file.toString());
        // our own copy stays ours
        assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString()).isEqualTo(file.toString());
        assertThatThrownBy(() -> channel.closeFd("tap0"))
                .isInstanceOfSatisfying(QmpCommandException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.command()).isEqualTo("closefd");
                    assertThat(e.getMessage()).isEqualTo("internal error: unable to execute QEMU command "
                            + "'closefd': File descriptor named 'tap0' not found");
                });
        assertThat(channel.isConnected()).isTrue();
    }

    @Test
    void closeFdOfAnUnknownNameFailsWithQemusError() {
        connect();
        assertThatThrownBy(() -> channel.closeFd("x"))
                .isInstanceOf(QmpCommandException.class)
                .hasMessageEndingWith("File descriptor named 'x' not found");
    }

    @Test
    void realTapDescriptorBecomesANetdevOnTheSameMonitor() throws Exception {
        netns = "vkqfd-" + UUID.randomUUID().toString().substring(0, 8);
        HostNetnsFixture.ip("netns", "add", netns);
        int tap = openTapInNamespace(netns, "vktap0");
        fds.add(tap);
        main = QmpClient.connect(mainSocket, T, null, null);
        connect();

        channel.passFd(tap, "tap0");
        // names given to getfd belong to the monitor that received them: the main monitor cannot see it
        assertThatThrownBy(() -> main.execute("netdev_add",
                Map.of("type", "tap", "id", "hostnet9", "fd", "tap0"), T))
                .isInstanceOf(QmpCommandException.class)
                .hasMessageContaining("tap0");
        channel.execute("netdev_add", Map.of("type", "tap", "id", "hostnet0", "fd", "tap0"), T);

        String info = main.execute("human-monitor-command", Map.of("command-line", "info network"), T).asText();
        assertThat(info).contains("hostnet0").contains("fd=");
        // the device is QEMU's now: with our copy closed the TAP still exists, held open by QEMU
        TestLibC.close(tap);
        fds.remove((Integer) tap);
        assertThat(HostNetnsFixture.ip("-n", netns, "link", "show", "vktap0")).contains("vktap0");
        // getfd's name was consumed by netdev_add
        assertThatThrownBy(() -> channel.closeFd("tap0")).isInstanceOf(QmpCommandException.class);
        main.execute("netdev_del", Map.of("id", "hostnet0"), T);
        assertThat(info(main)).doesNotContain("hostnet0");
    }

    private static String info(QmpClient client) {
        return client.execute("human-monitor-command", Map.of("command-line", "info network"), T).asText();
    }

    /** Opens /dev/net/tun and creates a TAP, both from a thread that entered {@code ns}. */
    private static int openTapInNamespace(String ns, String name) throws Exception {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                int nsFd = TestLibC.open("/var/run/netns/" + ns, TestLibC.O_RDONLY | TestLibC.O_CLOEXEC, 0);
                try {
                    TestLibC.setns(nsFd, TestLibC.CLONE_NEWNET);
                } finally {
                    TestLibC.closeQuietly(nsFd);
                }
                int fd = TestLibC.open("/dev/net/tun", TestLibC.O_RDWR | TestLibC.O_CLOEXEC, 0);
                try {
                    byte[] ifreq = new byte[40];
                    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(n, 0, ifreq, 0, n.length);
                    short flags = (short) (TestLibC.IFF_TAP | TestLibC.IFF_NO_PI);
                    java.nio.ByteBuffer.wrap(ifreq).order(java.nio.ByteOrder.nativeOrder()).putShort(16, flags);
                    TestLibC.ioctl(fd, TestLibC.TUNSETIFF, ifreq);
                    return fd;
                } catch (RuntimeException e) {
                    TestLibC.closeQuietly(fd);
                    throw e;
                }
            }).get(30, TimeUnit.SECONDS);
        } finally {
            // the thread stays in the namespace: it must not be reused, so it ends here
            thread.shutdownNow();
        }
    }

    @Test
    void closedOrInvalidDescriptorFailsCleanlyAndTheChannelStaysUsable() throws Exception {
        connect();
        int fd = openTempFile("closed.bin");
        TestLibC.close(fd);
        fds.remove((Integer) fd);

        assertThatThrownBy(() -> channel.passFd(fd, "tap0"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.getMessage()).isEqualTo(
                            "Unable to send file descriptor " + fd + " to QEMU: Bad file descriptor");
                });
        assertThatThrownBy(() -> channel.passFd(-1, "tap0"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
                    assertThat(e.getMessage()).isEqualTo("invalid argument: fd must be valid");
                });
        assertThatThrownBy(() -> channel.passFd(0, ""))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));

        // nothing was sent, so QEMU holds no such name and the stream is still in step
        assertThat(channel.isConnected()).isTrue();
        assertThatThrownBy(() -> channel.closeFd("tap0")).isInstanceOf(QmpCommandException.class);
        assertThat(channel.execute("query-status", null, T).path("status").asText()).isEqualTo("prelaunch");
    }

    @Test
    void qemuRejectsAFdNameStartingWithADigit() throws Exception {
        connect();
        int fd = openTempFile("digit.bin");

        assertThatThrownBy(() -> channel.passFd(fd, "0tap"))
                .isInstanceOfSatisfying(QmpCommandException.class, e -> assertThat(e.command()).isEqualTo("getfd"));
        assertThat(qemuFdTargets()).doesNotContain(dir.resolve("digit.bin").toString());
    }

    @Test
    void eventsOnThisMonitorAreSkipped() {
        connect();

        channel.execute("cont", null, T); // RESUME goes to every QMP monitor, this one too
        channel.execute("stop", null, T);

        assertThat(channel.execute("query-status", null, T).path("status").asText()).isEqualTo("paused");
    }

    @Test
    void qemuExitingEndsTheChannelWithEndOfFile() throws Exception {
        connect();
        qemu.destroyForcibly();
        assertThat(qemu.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> channel.execute("query-status", null, T))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isIn(ErrorCode.OPERATION_FAILED, ErrorCode.SYSTEM_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                });
        assertThat(channel.isConnected()).isFalse();
        // later calls fail fast with the same reason
        assertThatThrownBy(() -> channel.closeFd("tap0")).isInstanceOf(VirtException.class)
                .isNotInstanceOf(QmpCommandException.class);
    }

    @Test
    void closeIsIdempotentAndLaterCallsFail() {
        connect();
        channel.close();
        channel.close();

        assertThatThrownBy(() -> channel.execute("query-status", null, T))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(e.getMessage()).isEqualTo("operation failed: QEMU monitor was closed");
                });
        assertThat(qemu.isAlive()).isTrue();
    }

    @Test
    void socketThatNeverAppearsTimesOut() {
        Path never = dir.resolve("never.sock");
        long start = System.nanoTime();

        assertThatThrownBy(() -> QmpFdChannel.connect(never, Duration.ofMillis(300)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
                    assertThat(e.getMessage()).isEqualTo("Timed out during operation: failed to connect to "
                            + "monitor socket '" + never + "' within 300 ms: No such file or directory");
                });
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        assertThat(never).doesNotExist();
    }

    @Test
    void pathTooLongForAUnixSocketIsInvalidArg() {
        assertThatThrownBy(() -> QmpFdChannel.connect(dir.resolve("s".repeat(120)), T))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }
}
