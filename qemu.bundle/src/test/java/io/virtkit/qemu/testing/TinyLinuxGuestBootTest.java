package io.virtkit.qemu.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Boots the tiny guest on bare {@code qemu-system-x86_64} under TCG (no Virtkit driver involved) and powers it
 * off through ACPI over a raw QMP socket: proves the fixture itself before the driver's tests rely on it.
 */
@ExtendWith(TinyLinuxGuest.Extension.class)
class TinyLinuxGuestBootTest {

    private static final Duration BOOT_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration POWEROFF_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Process qemu;
    private SocketChannel qmp;

    @AfterEach
    void killQemu() throws Exception {
        if (qmp != null) {
            qmp.close();
        }
        if (qemu != null && qemu.isAlive()) {
            qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void bootsUnderTcgAndPowersOffOnAcpiPowerButton(TinyLinuxGuest guest) throws Exception {
        Path serial = dir.resolve("serial.log");
        Path socket = dir.resolve("qmp.sock");
        Path stderr = dir.resolve("qemu.err");
        List<String> argv = new ArrayList<>(List.of(emulator(), "-machine", "pc,accel=tcg", "-m",
                Integer.toString(TinyLinuxGuest.MEMORY_MIB), "-nodefaults", "-no-user-config", "-display", "none",
                "-no-reboot", "-serial", "file:" + serial, "-qmp", "unix:" + socket + ",server=on,wait=off"));
        argv.addAll(guest.qemuBootArgs());

        long started = System.nanoTime();
        qemu = new ProcessBuilder(argv).redirectOutput(stderr.toFile()).redirectErrorStream(true).start();
        String console = awaitSerial(serial, TinyLinuxGuest.READY_MARKER, BOOT_TIMEOUT, stderr);
        long bootMillis = (System.nanoTime() - started) / 1_000_000;
        // reported, not asserted: speed belongs to benchmarks
        System.out.printf("tiny guest (%s %s) reached %s under TCG in %d ms%n", guest.kernelPackage(),
                guest.kernelPackageVersion(), TinyLinuxGuest.READY_MARKER, bootMillis);
        assertThat(console).doesNotContain(TinyLinuxGuest.ERROR_MARKER).doesNotContain("Kernel panic");

        BlockingQueue<JsonNode> messages = connectQmp(socket);
        assertThat(next(messages).has("QMP")).as("QMP greeting").isTrue();
        assertThat(execute(messages, "qmp_capabilities").has("return")).isTrue();
        assertThat(execute(messages, "system_powerdown").has("return")).isTrue();

        assertThat(qemu.waitFor(POWEROFF_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("QEMU exits by itself after the ACPI power button; serial:\n%s", read(serial)).isTrue();
        assertThat(qemu.exitValue()).as("QEMU exit status; stderr: %s", read(stderr)).isZero();
        List<JsonNode> events = drainEvents(messages);
        assertThat(events).extracting(e -> e.get("event").asText()).contains("POWERDOWN", "SHUTDOWN");
        JsonNode shutdown = events.stream().filter(e -> e.get("event").asText().equals("SHUTDOWN")).findFirst()
                .orElseThrow();
        assertThat(shutdown.at("/data/guest").asBoolean()).as("guest-initiated: %s", shutdown).isTrue();
        assertThat(shutdown.at("/data/reason").asText()).isEqualTo("guest-shutdown");
        assertThat(read(serial)).contains(TinyLinuxGuest.POWEROFF_MARKER);
    }

    @Test
    void domainXmlDescribesADirectKernelBootOfTheGuest(TinyLinuxGuest guest) {
        String xml = guest.domainXml("tiny, \"quoted\" <guest>");

        assertThat(xml).startsWith("<domain type='qemu'>")
                .contains("<type arch='x86_64' machine='pc'>hvm</type>")
                .contains("<kernel>" + guest.kernel() + "</kernel>")
                .contains("<initrd>" + guest.initrd() + "</initrd>")
                .contains("<cmdline>console=ttyS0 quiet panic=-1</cmdline>")
                .contains("<name>tiny, &quot;quoted&quot; &lt;guest&gt;</name>")
                .contains("<console type='pty'><target type='serial' port='0'/></console>");
        assertThat(guest.domainXml("net", TinyLinuxGuest.serialConsoleXml(), "<interface type='network'/>",
                TinyLinuxGuest.dhcpCmdline("eth0", null)))
                .contains("<cmdline>console=ttyS0 quiet panic=-1 virtkit.dhcp=eth0</cmdline>")
                .contains("<interface type='network'/>\n  </devices>");
        assertThat(xml).doesNotContain("virtkit.dhcp").doesNotContain("<interface");
        assertThat(guest.kernel()).isRegularFile();
        assertThat(guest.initrd()).isRegularFile();
        assertThat(guest.kernelPackage()).matches("linux-image-.*-cloud-amd64-unsigned");
    }

    private static String emulator() {
        String emulator = System.getProperty("virtkit.qemu.emulator", "qemu-system-x86_64");
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, emulator)) || Files.isExecutable(Path.of(emulator))) {
                return emulator;
            }
        }
        String message = emulator + " is not installed (apt package qemu-system-x86)";
        if (TinyLinuxGuest.required()) {
            fail(message + " and CI=true forbids skipping");
        }
        org.junit.jupiter.api.Assumptions.abort(message);
        return emulator;
    }

    private String awaitSerial(Path serial, String marker, Duration timeout, Path stderr) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = read(serial);
            if (text.contains(marker)) {
                return text;
            }
            if (!qemu.isAlive()) {
                fail("QEMU exited (status %d) before %s; stderr: %s%nserial:%n%s", qemu.exitValue(), marker,
                        read(stderr), text);
            }
            Thread.sleep(50);
        }
        return fail("no %s on the serial console within %s; serial:%n%s", marker, timeout, read(serial));
    }

    /** Lines from QMP, read on a daemon thread so every wait below can be bounded. */
    private BlockingQueue<JsonNode> connectQmp(Path socket) throws IOException {
        qmp = SocketChannel.open(StandardProtocolFamily.UNIX);
        qmp.connect(UnixDomainSocketAddress.of(socket));
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(Channels.newInputStream(qmp),
                StandardCharsets.UTF_8));
        Thread pump = new Thread(() -> {
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    messages.add(JSON.readTree(line));
                }
            } catch (IOException e) {
                // QEMU exited or the test closed the socket: the queue simply stops growing
            }
        }, "qmp-reader");
        pump.setDaemon(true);
        pump.start();
        return messages;
    }

    private final List<JsonNode> events = new ArrayList<>();

    private JsonNode execute(BlockingQueue<JsonNode> messages, String command) throws Exception {
        qmp.write(ByteBuffer.wrap(("{\"execute\":\"" + command + "\"}\n").getBytes(StandardCharsets.UTF_8)));
        while (true) {
            JsonNode reply = next(messages);
            if (reply.has("event")) {
                events.add(reply);
            } else {
                assertThat(reply.has("error")).as("%s failed: %s", command, reply).isFalse();
                return reply;
            }
        }
    }

    private List<JsonNode> drainEvents(BlockingQueue<JsonNode> messages) throws InterruptedException {
        // the reader thread may still be queueing the last lines QEMU wrote before it exited
        for (JsonNode m; (m = messages.poll(1, TimeUnit.SECONDS)) != null; ) {
            if (m.has("event")) {
                events.add(m);
            }
        }
        return events;
    }

    private static JsonNode next(BlockingQueue<JsonNode> messages) throws InterruptedException {
        JsonNode m = messages.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            fail("no QMP message within 10 s");
        }
        return m;
    }

    private static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
    }
}
