package io.virtkit.qemu.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.model.domain.DomainXmlCodec;

/**
 * Real QEMU accepts every option the builder makes: each command line is started (paused by {@code -S}) and
 * asked over QMP for its status; a rejected option would have made QEMU exit before the monitor came up.
 */
class QemuCommandLineQemuTest {

    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @BeforeAll
    static void needsQemu() {
        boolean present = Files.isExecutable(Path.of(EMULATOR));
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(EMULATOR + " is required with CI=true");
        }
        assumeTrue(present, EMULATOR + " not installed");
    }

    @AfterEach
    void killQemu() throws InterruptedException {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String domain(String name, String devices) {
        return "<domain type='qemu'><name>" + name + "</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='pc'>hvm</type></os><features><acpi/></features>"
                + "<devices>" + devices + "</devices></domain>";
    }

    /** A tiny QMP session on a raw socket (the real client lives elsewhere). */
    final class Qmp implements AutoCloseable {
        final SocketChannel channel;
        final BufferedReader in;
        final OutputStream out;

        Qmp(Path socket) throws IOException {
            channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
            in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
            out = Channels.newOutputStream(channel);
            assertThat(JSON.readTree(in.readLine()).has("QMP")).isTrue();
            execute("qmp_capabilities");
        }

        JsonNode execute(String command) throws IOException {
            return send("{\"execute\":\"" + command + "\"}");
        }

        JsonNode send(String json) throws IOException {
            String command = json;
            out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                JsonNode reply = JSON.readTree(in.readLine());
                if (reply.has("return") || reply.has("error")) {
                    assertThat(reply.has("error")).as("%s: %s", command, reply).isFalse();
                    return reply.get("return");
                }
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    /** Starts the argv, waits for the monitor and checks QEMU sits paused in prelaunch; returns the session. */
    Qmp start(String xml) throws Exception {
        return start(DomainXmlCodec.parse(xml));
    }

    /** As {@link #start(String)} for a definition. */
    Qmp start(io.virtkit.model.domain.DomainDefinition def) throws Exception {
        Path monitor = dir.resolve("mon, itor.sock");
        List<String> argv = QemuCommandLine.build(def, EMULATOR, monitor,
                new QemuCommandOptions("127.0.0.1", 5900, 65535, true));
        Path log = dir.resolve("qemu.log");
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        started.add(p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (true) {
            assertThat(p.isAlive()).as("QEMU exited: %s\nargv: %s", readLog(log), argv).isTrue();
            if (Files.exists(monitor)) {
                try {
                    Qmp qmp = new Qmp(monitor);
                    JsonNode status = qmp.execute("query-status");
                    assertThat(status.get("status").asText()).isEqualTo("prelaunch");
                    assertThat(status.get("running").asBoolean()).isFalse();
                    assertThat(p.isAlive()).isTrue();
                    return qmp;
                } catch (java.net.ConnectException e) {
                    // socket file exists before QEMU listens: retry
                }
            }
            assertThat(Instant.now()).as("monitor never came up: %s", readLog(log)).isBefore(deadline);
            Thread.sleep(20);
        }
    }

    static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    void quit(Qmp qmp) throws Exception {
        qmp.execute("quit");
        qmp.close();
        Process p = started.get(started.size() - 1);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
    }

    @Test
    void minimal() throws Exception {
        try (Qmp qmp = start(domain("minimal", ""))) {
            quit(qmp);
        }
    }

    @Test
    void injectionNameIsTheGuestNameExactly() throws Exception {
        String name = "a,b=c -daemonize 'q' \"d\",debug-threads=off";
        String xml = domain(name.replace("\"", "&quot;"), "");
        try (Qmp qmp = start(xml)) {
            assertThat(qmp.execute("query-name").get("name").asText()).isEqualTo(name);
            quit(qmp);
        }
    }

    @Test
    void serialPtyGetsAPty() throws Exception {
        try (Qmp qmp = start(domain("serial", "<serial type='pty'/><console type='pty'/>"))) {
            JsonNode chardevs = qmp.execute("query-chardev");
            assertThat(chardevs.findValues("label").stream().map(JsonNode::asText)).contains("charserial0");
            for (JsonNode c : chardevs) {
                if (c.get("label").asText().equals("charserial0")) {
                    assertThat(c.get("filename").asText()).startsWith("pty:/dev/pts/");
                }
            }
            quit(qmp);
        }
    }

    @Test
    void serialUnixSocketAndFile() throws Exception {
        Path sock = dir.resolve("con,sole.sock");
        Path file = dir.resolve("ser ial,1.log");
        try (Qmp qmp = start(domain("serial2", "<serial type='unix'><source mode='bind' path='" + sock + "'/>"
                + "</serial><serial type='file'><source path='" + file + "'/></serial>"))) {
            assertThat(sock).exists();
            assertThat(file).exists();
            quit(qmp);
        }
    }

    @Test
    void vncAutoportListensOnAPortInRange() throws Exception {
        try (Qmp qmp = start(domain("vnc", "<graphics type='vnc' autoport='yes'/>"))) {
            JsonNode vnc = qmp.execute("query-vnc");
            assertThat(vnc.get("enabled").asBoolean()).isTrue();
            assertThat(vnc.get("host").asText()).isEqualTo("127.0.0.1");
            assertThat(vnc.get("service").asInt()).isBetween(5900, 65535);
            quit(qmp);
        }
    }

    @Test
    void userNetworking() throws Exception {
        try (Qmp qmp = start(domain("net", "<interface type='user'><mac address='52:54:00:12:34:56'/></interface>"
                + "<interface type='user'><model type='virtio'/></interface>"))) {
            assertThat(qmp.send("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/net0\","
                    + "\"property\":\"mac\"}}").asText()).isEqualTo("52:54:00:12:34:56");
            assertThat(qmp.send("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/net1\","
                    + "\"property\":\"type\"}}").asText()).isEqualTo("virtio-net-pci");
            quit(qmp);
        }
    }

    @Test
    void rawDisksIncludingACommaAndSpaceInThePath() throws Exception {
        Path plain = dir.resolve("plain.img");
        Path weird = dir.resolve("we ird,format=qcow2.img");
        Path iso = dir.resolve("cd, rom.iso");
        for (Path p : List.of(plain, weird, iso)) {
            try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(1 << 20);
            }
        }
        String xml = domain("disks", "<disk type='file'><driver name='qemu' type='raw'/><source file='" + plain
                + "'/><target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file'><source file='" + weird + "'/><target dev='hda' bus='ide'/></disk>"
                + "<disk type='file' device='cdrom'><source file='" + iso + "'/><target dev='hdc'/></disk>");
        try (Qmp qmp = start(xml)) {
            JsonNode blocks = qmp.execute("query-named-block-nodes");
            assertThat(blocks.findValues("file").stream().map(JsonNode::asText))
                    .contains(plain.toString(), weird.toString(), iso.toString());
            JsonNode devices = qmp.execute("query-block");
            assertThat(devices.findValues("qdev").stream().map(JsonNode::asText))
                    .contains("/machine/peripheral/virtio-disk0/virtio-backend", "ide0-0-0", "ide0-1-0");
            quit(qmp);
        }
    }

    @Test
    void scsiReadonlyAndSataControllers() throws Exception {
        Path a = dir.resolve("a.img");
        Path b = dir.resolve("b,readonly.img");
        for (Path p : List.of(a, b)) {
            try (var f = new java.io.RandomAccessFile(p.toFile(), "rw")) {
                f.setLength(1 << 20);
            }
        }
        String xml = domain("ctl", "<disk type='file'><source file='" + a + "'/><target dev='sda' bus='sata'/></disk>"
                + "<disk type='file'><source file='" + b + "'/><target dev='sdb' bus='scsi'/><readonly/></disk>");
        try (Qmp qmp = start(xml)) {
            JsonNode devices = qmp.execute("query-block");
            assertThat(devices.findValues("qdev").stream().map(JsonNode::asText))
                    .contains("sata0-0-0", "scsi0-0-0-1");
            for (JsonNode d : devices) {
                if (d.path("qdev").asText().equals("scsi0-0-0-1")) {
                    assertThat(d.path("inserted").path("ro").asBoolean()).isTrue();
                }
            }
            quit(qmp);
        }
    }

    /**
     * Every PCI device of a command line whose devices have addresses is at its slot: those of the definition
     * (virtio disk, user NIC) and the ones this driver adds (TAP bridge or root port, SCSI controller,
     * pci-serial, VGA in its kept slot) on free ones, so QEMU never places one on a slot taken later.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pc", "q35"})
    void addressedDevicesAreAtTheirSlotsBesideTheDriversOwn(String machine) throws Exception {
        Path image = dir.resolve("vda.img");
        Files.write(image, new byte[1 << 20]);
        Path scsi = dir.resolve("sda.img");
        Files.write(scsi, new byte[1 << 20]);
        String xml = domain("slots", "<disk type='file' device='disk'><source file='" + image + "'/>"
                + "<target dev='vda' bus='virtio'/></disk>"
                + "<disk type='file' device='disk'><source file='" + scsi + "'/><target dev='sda' bus='scsi'/></disk>"
                + "<interface type='network'><mac address='52:54:00:00:00:11'/><source network='default'/>"
                + "<model type='virtio'/></interface>"
                + "<interface type='user'><mac address='52:54:00:00:00:12'/><model type='virtio'/></interface>"
                + "<serial type='null'><target type='pci-serial' port='0'/></serial>"
                + "<graphics type='vnc' autoport='yes' listen='127.0.0.1'/>").replace("machine='pc'",
                "machine='" + machine + "'");
        io.virtkit.model.domain.DomainDefinition def = QemuDeviceAddresses.assign(DomainXmlCodec.parse(xml));
        int first = machine.equals("pc") ? 3 : 2;
        assertThat(def.devices().disks().get(0).address()).isEqualTo(
                io.virtkit.model.domain.DeviceAddress.Pci.of(0, first, 0));
        assertThat(def.devices().disks().get(1).address()).as("a SCSI disk is on its controller")
                .isEqualTo(new io.virtkit.model.domain.DeviceAddress.Drive(0, 0, 0, 0));
        assertThat(def.devices().interfaces().get(0).address()).as("a TAP NIC is behind the bridge or root port")
                .isEqualTo(io.virtkit.model.domain.DeviceAddress.Pci.of(1, machine.equals("pc") ? 1 : 0, 0));
        assertThat(def.devices().interfaces().get(1).address()).isEqualTo(
                io.virtkit.model.domain.DeviceAddress.Pci.of(0, first + 1, 0));
        try (Qmp qmp = start(def)) {
            java.util.Map<String, Integer> slots = new java.util.HashMap<>();
            for (JsonNode dev : qmp.execute("query-pci").get(0).path("devices")) {
                slots.put(dev.path("qdev_id").asText(""), dev.path("slot").asInt());
            }
            assertThat(slots).containsEntry("virtio-disk0", first).containsEntry("net1", first + 1)
                    .containsEntry("video0", first - 1).as("the driver's controllers at their define-time slots")
                    .containsEntry("pci.1", first + 2).containsEntry("scsi0", first + 3)
                    .containsEntry("serial0", first + 4);
            quit(qmp);
        }
    }

    @Test
    void networkSerialsParallelPortsChannelsRngsAndWatchdogsStart() throws Exception {
        Path log = dir.resolve("serial,0.log");
        Path lp = dir.resolve("lp.out");
        String devices = "<serial type='tcp'><source mode='bind' host='127.0.0.1' service='0'/>"
                + "<protocol type='telnet'/><log file='" + log + "' append='on'/></serial>"
                + "<serial type='udp'><source mode='bind' host='127.0.0.1' service='0'/>"
                + "<source mode='connect' host='127.0.0.1' service='9'/></serial>"
                + "<parallel type='file'><source path='" + lp + "' append='on'/></parallel>"
                + "<channel type='qemu-vdagent'><source><clipboard copypaste='yes'/><mouse mode='client'/></source>"
                + "<target type='virtio' name='com.redhat.spice.0'/></channel>"
                + "<channel type='pty'><target type='virtio' name='org.example.pty.0'/></channel>"
                + "<memballoon model='virtio-non-transitional' freePageReporting='on'/>"
                + "<rng model='virtio'><rate bytes='512' period='500'/><backend model='builtin'/></rng>"
                + "<watchdog model='ib700' action='pause'/><panic model='isa'><address type='isa' iobase='0x506'/></panic>";
        try (Qmp qmp = start(domain("chardevs", devices))) {
            List<String> labels = qmp.execute("query-chardev").findValues("label").stream().map(JsonNode::asText)
                    .toList();
            assertThat(labels).contains("charserial0", "charserial1", "charparallel0", "charchannel0",
                    "charchannel1");
            assertThat(log).exists();
            assertThat(lp).exists();
            List<String> ids = qmp.send("{\"execute\":\"qom-list\",\"arguments\":{\"path\":\"/machine/peripheral\"}}")
                    .findValues("name").stream().map(JsonNode::asText).toList();
            assertThat(ids).contains("serial0", "serial1", "parallel0", "channel0", "channel1", "balloon0", "rng0",
                    "watchdog0");
            JsonNode period = qmp.send("{\"execute\":\"qom-get\",\"arguments\":{\"path\":"
                    + "\"/machine/peripheral/rng0\",\"property\":\"period\"}}");
            assertThat(period.asInt()).isEqualTo(500);
            quit(qmp);
        }
    }

    /**
     * A disk's driver tuning reaches QEMU's block nodes and devices as libvirt maps it: cache mode, aio, discard
     * and detect-zeroes on the nodes, serial/WWN/vendor/product and the boot order on the devices; and a USB
     * bus (qemu-xhci with its ports, as virt-install writes it for q35).
     */
    @Test
    void diskTuningAndAUsbControllerReachQemu() throws Exception {
        Path a = dir.resolve("tuned.img");
        Path b = dir.resolve("scsi.img");
        for (Path p : List.of(a, b)) {
            Files.write(p, new byte[1 << 20]);
        }
        String xml = "<domain type='qemu'><name>tuned</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
                + "<disk type='file'><driver name='qemu' type='raw' cache='none' io='native' discard='unmap'"
                + " detect_zeroes='unmap' queues='2'/><source file='" + a + "'/><target dev='vda' bus='virtio'/>"
                + "<serial>SER,1</serial><boot order='2'/></disk>"
                + "<disk type='file'><driver name='qemu' type='raw' cache='unsafe' error_policy='report'/>"
                + "<source file='" + b + "'/><target dev='sda' bus='scsi' rotation_rate='1'/><wwn>5000c50015ea71ac</wwn>"
                + "<vendor>VIRTKIT</vendor><product>TESTDISK</product><boot order='1'/></disk>"
                + "<controller type='usb' index='0' model='qemu-xhci' ports='15'/></devices></domain>";
        try (Qmp qmp = start(xml)) {
            JsonNode nodes = qmp.execute("query-named-block-nodes");
            JsonNode vda = null;
            JsonNode sda = null;
            for (JsonNode n : nodes) {
                if (n.path("file").asText().equals(a.toString()) && n.path("drv").asText().equals("raw")) {
                    vda = n;
                }
                if (n.path("file").asText().equals(b.toString()) && n.path("drv").asText().equals("raw")) {
                    sda = n;
                }
            }
            assertThat(vda).as("%s", nodes).isNotNull();
            assertThat(vda.path("cache").path("direct").asBoolean()).isTrue();
            assertThat(vda.path("cache").path("no-flush").asBoolean()).isFalse();
            assertThat(vda.path("detect_zeroes").asText()).isEqualTo("unmap");
            assertThat(sda.path("cache").path("no-flush").asBoolean()).isTrue();
            assertThat(sda.path("cache").path("direct").asBoolean()).isFalse();
            assertThat(qomGet(qmp, "/machine/peripheral/virtio-disk0", "serial")).isEqualTo("SER,1");
            assertThat(qomGet(qmp, "/machine/peripheral/virtio-disk0", "num-queues")).isEqualTo("2");
            assertThat(qomGet(qmp, "/machine/peripheral/virtio-disk0", "bootindex")).isEqualTo("2");
            String scsi = "/machine/peripheral/scsi0-0-0-0";
            assertThat(qomGet(qmp, scsi, "vendor")).isEqualTo("VIRTKIT");
            assertThat(qomGet(qmp, scsi, "product")).isEqualTo("TESTDISK");
            assertThat(qomGet(qmp, scsi, "wwn")).isEqualTo(Long.toString(0x5000c50015ea71acL));
            assertThat(qomGet(qmp, scsi, "rotation_rate")).isEqualTo("1");
            assertThat(qomGet(qmp, scsi, "bootindex")).isEqualTo("1");
            assertThat(qomGet(qmp, scsi, "werror")).isEqualTo("report");
            assertThat(qomGet(qmp, "/machine/peripheral/usb", "type")).isEqualTo("qemu-xhci");
            assertThat(qomGet(qmp, "/machine/peripheral/usb", "p2")).isEqualTo("15");
            quit(qmp);
        }
    }

    /** pc's UHCI and q35's ICH9 EHCI with its UHCI companions on the master's bus, as virt-install writes them. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"pc", "q35"})
    void usbControllersVirtInstallWrites(String machine) throws Exception {
        String usb = machine.equals("pc") ? "<controller type='usb' index='0' model='piix3-uhci'/>"
                : "<controller type='usb' index='0' model='ich9-ehci1'/>"
                + "<controller type='usb' index='0' model='ich9-uhci1'><master startport='0'/></controller>"
                + "<controller type='usb' index='0' model='ich9-uhci2'><master startport='2'/></controller>"
                + "<controller type='usb' index='0' model='ich9-uhci3'><master startport='4'/></controller>";
        String xml = "<domain type='qemu'><name>usb</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='" + machine + "'>hvm</type></os><devices>" + usb
                + "</devices></domain>";
        try (Qmp qmp = start(xml)) {
            assertThat(qomGet(qmp, "/machine/peripheral/usb", "type"))
                    .isEqualTo(machine.equals("pc") ? "piix3-usb-uhci" : "ich9-usb-ehci1");
            JsonNode anonymous = qmp.send("{\"execute\":\"qom-list\",\"arguments\":{\"path\":"
                    + "\"/machine/peripheral-anon\"}}");
            long companions = 0;
            for (JsonNode child : anonymous) {
                String path = "/machine/peripheral-anon/" + child.path("name").asText();
                if (child.path("type").asText().startsWith("child<ich9-usb-uhci")) {
                    companions++;
                    assertThat(qomGet(qmp, path, "masterbus")).isEqualTo("usb.0");
                }
            }
            assertThat(companions).isEqualTo(machine.equals("pc") ? 0 : 3);
            quit(qmp);
        }
    }

    /** A USB hub and a device redirected over a listening TCP socket sit on the xHCI bus at their ports. */
    @Test
    void usbHubAndTcpRedirectionAtTheirPorts() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String xml = "<domain type='qemu'><name>redir</name><memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
                + "<controller type='usb' index='0' model='qemu-xhci' ports='15'/>"
                + "<hub type='usb'><address type='usb' bus='0' port='1'/></hub>"
                + "<redirdev bus='usb' type='tcp'><source mode='bind' host='127.0.0.1' service='" + port + "'/>"
                + "<protocol type='raw'/><address type='usb' bus='0' port='1.2'/></redirdev>"
                + "</devices></domain>";
        try (Qmp qmp = start(xml)) {
            assertThat(qomGet(qmp, "/machine/peripheral/hub0", "type")).isEqualTo("usb-hub");
            assertThat(qomGet(qmp, "/machine/peripheral/hub0", "port")).isEqualTo("1");
            assertThat(qomGet(qmp, "/machine/peripheral/redir0", "type")).isEqualTo("usb-redir");
            assertThat(qomGet(qmp, "/machine/peripheral/redir0", "port")).isEqualTo("1.2");
            assertThat(qomGet(qmp, "/machine/peripheral/redir0", "chardev")).isEqualTo("charredir0");
            quit(qmp);
        }
    }

    /** A spicevmc channel (the SPICE agent's) runs beside SPICE graphics: this QEMU loads chardev-spice. */
    @Test
    void spicevmcChannelBesideSpiceGraphics() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        String devices = "<graphics type='spice' port='" + port + "' autoport='no' listen='127.0.0.1'/>"
                + "<channel type='spicevmc'><target type='virtio' name='com.redhat.spice.0'/></channel>";
        try (Qmp qmp = start(domain("spicevmc", devices))) {
            List<String> labels = qmp.execute("query-chardev").findValues("label").stream().map(JsonNode::asText)
                    .toList();
            assertThat(labels).contains("charchannel0");
            assertThat(qomGet(qmp, "/machine/peripheral/channel0", "name")).isEqualTo("com.redhat.spice.0");
            quit(qmp);
        }
    }

    static String qomGet(Qmp qmp, String path, String property) throws IOException {
        JsonNode value = qmp.send("{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"" + path
                + "\",\"property\":\"" + property + "\"}}");
        return value.isTextual() ? value.asText() : value.toString();
    }
}
