package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the real virsh (libvirt-clients) against {@link RemoteServer} over a UNIX socket. */
class VirshTest {
    @TempDir
    Path dir;
    private SocketServer server;
    private Path socket;
    private ExternalClient client;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        server = SocketServer.start(dir, new TestDriverFactory());
        socket = server.socket();
        client = new ExternalClient(dir);
        virsh = new Virsh(client, server.uri("test:///default"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private ExternalClient.Result virsh(String... args) throws Exception {
        return virsh.run(args);
    }

    private String ok(String... args) throws Exception {
        return virsh.ok(args);
    }

    /** The test domain 'extra' to define or create: its XML in a file. */
    private Path extraDomainXml() throws IOException {
        Path xml = dir.resolve("vm.xml");
        Files.writeString(xml, """
                <domain type='test'>
                  <name>extra</name>
                  <memory>1048576</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                </domain>
                """);
        return xml;
    }

    @Test
    void socketIsOwnerOnly() throws IOException {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
    }

    @Test
    void connectionQueries() throws Exception {
        assertThat(ok("hostname").strip()).isNotEmpty();
        // like libvirt, the client reports the URI it was opened with
        assertThat(ok("uri").strip()).isEqualTo("test+unix:///default?socket=" + socket);
        String version = ok("version", "--daemon");
        assertThat(version).contains("Using API: TEST").contains("Running hypervisor: TEST")
                .containsPattern("Running against daemon: [0-9]+\\.[0-9]+\\.[0-9]+");
    }

    @Test
    void listsAndInspectsTheDefaultDomain() throws Exception {
        assertThat(ok("list", "--all")).contains(" 1    test   running");
        String info = ok("dominfo", "test");
        assertThat(info).contains("Id:             1").contains("Name:           test")
                .contains("UUID:           6695eb01-f6a4-8304-79aa-97f2502e193f")
                .contains("OS Type:        linux").contains("State:          running")
                .contains("Persistent:     yes").contains("Managed save:   no");
        assertThat(ok("domstate", "--reason", "test").strip()).isEqualTo("running (unknown)");
        assertThat(ok("dumpxml", "test")).contains("<name>test</name>")
                .contains("<uuid>6695eb01-f6a4-8304-79aa-97f2502e193f</uuid>");
    }

    @Test
    void suspendsAndResumes() throws Exception {
        assertThat(ok("suspend", "test")).contains("Domain 'test' suspended");
        assertThat(ok("domstate", "--reason", "test").strip()).isEqualTo("paused (user)");
        assertThat(ok("resume", "test")).contains("Domain 'test' resumed");
        assertThat(ok("domstate", "test").strip()).isEqualTo("running");

        // resuming a running domain fails in the API; virsh must print Virtkit's own message
        String expected;
        try (io.virtkit.api.Connection c = new TestDriverFactory().open("test:///default")) {
            expected = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> c.lookupDomainByName("test").resume(), io.virtkit.api.VirtException.class).getMessage();
        }
        ExternalClient.Result again = virsh("resume", "test");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("error: Failed to resume domain 'test'").contains("error: " + expected);
    }

    @Test
    void definesStartsDestroysAndUndefines() throws Exception {
        Path xml = extraDomainXml();
        assertThat(ok("define", xml.toString())).contains("Domain 'extra' defined from " + xml);
        assertThat(ok("list", "--all")).containsPattern(" -\\s+extra\\s+shut off");
        assertThat(ok("start", "extra")).contains("Domain 'extra' started");
        assertThat(ok("list", "--all")).containsPattern(" [0-9]+\\s+extra\\s+running");
        assertThat(ok("destroy", "extra")).contains("Domain 'extra' destroyed");
        assertThat(ok("list", "--all")).containsPattern(" -\\s+extra\\s+shut off");
        assertThat(ok("undefine", "extra")).contains("Domain 'extra' has been undefined");
        assertThat(ok("list", "--all")).doesNotContain("extra");
    }

    @Test
    void unknownDomainGivesVirtkitsError() throws Exception {
        ExternalClient.Result r = virsh("dominfo", "nosuch");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("error: failed to get domain 'nosuch'");
        // a call that reaches the API gets Virtkit's own error, code and message, back through virsh
        ExternalClient.Result d = virsh("domstate", "--domain", "6695eb01-f6a4-8304-79aa-97f2502e1930");
        assertThat(d.exit()).isNotZero();
        assertThat(d.err()).contains("failed to get domain '6695eb01-f6a4-8304-79aa-97f2502e1930'");
    }

    @Test
    void unsupportedProcedureIsReportedNotFatal() throws Exception {
        ExternalClient.Result r = virsh("dommemstat", "test");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("this function is not supported by the connection driver: remote procedure 159");
        ExternalClient.Result sysinfo = virsh("sysinfo");
        assertThat(sysinfo.err()).contains("this function is not supported by the connection driver: virConnectGetSysinfo");
        // libvirt 9.0's test driver has no domain capabilities either: virsh prints the same two lines for both
        ExternalClient.Result domcaps = virsh("domcapabilities");
        assertThat(domcaps.exit()).isNotZero();
        assertThat(domcaps.err()).isEqualTo(libvirtTestDriver("domcapabilities").err())
                .contains("error: failed to get emulator capabilities\nerror: this function is not supported by the "
                        + "connection driver: virConnectGetDomainCapabilities");
        assertThat(ok("list", "--all")).contains(" 1    test   running");
    }

    /** virsh with its own in-process test driver: what libvirt itself prints for the same state. */
    private ExternalClient.Result libvirtTestDriver(String... args) throws Exception {
        return new Virsh(client, "test:///default").run(args);
    }

    @Test
    void nodeInfoAndNetworkListAreWhatLibvirtsTestDriverPrints() throws Exception {
        String nodeinfo = ok("nodeinfo");
        assertThat(nodeinfo).contains("CPU model:           i686").contains("CPU(s):              16")
                .contains("Memory size:         3145728 KiB");
        assertThat(nodeinfo).isEqualTo(libvirtTestDriver("nodeinfo").out());
        String nets = ok("net-list", "--all");
        assertThat(nets).contains(" default   active   no          yes");
        assertThat(nets).isEqualTo(libvirtTestDriver("net-list", "--all").out());
        assertThat(ok("domstate", "--reason", "test")).isEqualTo(libvirtTestDriver("domstate", "--reason", "test").out());
        assertThat(ok("net-info", "default")).contains("Bridge:         virbr0").contains("Active:         yes");
    }

    @Test
    void networksDefineStartLeaseDestroyAndUndefine() throws Exception {
        Path xml = dir.resolve("net.xml");
        Files.writeString(xml, """
                <network>
                  <name>extra</name>
                  <bridge name='virbr9'/>
                  <ip address='192.168.150.1' netmask='255.255.255.0'>
                    <dhcp><range start='192.168.150.2' end='192.168.150.254'/></dhcp>
                  </ip>
                </network>
                """);
        assertThat(ok("net-define", xml.toString())).contains("Network extra defined from " + xml);
        assertThat(ok("net-list", "--all")).containsPattern(" extra\\s+inactive\\s+no\\s+yes");
        assertThat(ok("net-start", "extra")).contains("Network extra started");
        assertThat(ok("net-list")).containsPattern(" extra\\s+active\\s+no\\s+yes");
        // the test driver runs no DHCP server: the table is empty, but the call works end to end
        assertThat(ok("net-dhcp-leases", "extra")).contains("Expiry Time").contains("IP address")
                .doesNotContain("192.168.150.");
        assertThat(ok("net-destroy", "extra")).contains("Network extra destroyed");
        assertThat(ok("net-undefine", "extra")).contains("Network extra has been undefined");
        assertThat(ok("net-list", "--all")).doesNotContain("extra");
        ExternalClient.Result missing = virsh("net-start", "extra");
        assertThat(missing.exit()).isNotZero();
        assertThat(missing.err()).contains("Network not found");
    }

    @Test
    void shutsDownAndRunsTransientDomains() throws Exception {
        Path xml = extraDomainXml();
        assertThat(ok("create", xml.toString())).contains("Domain 'extra' created from " + xml);
        assertThat(ok("dominfo", "extra")).contains("Persistent:     no").contains("State:          running");
        assertThat(ok("shutdown", "extra")).contains("Domain 'extra' is being shutdown");
        assertThat(ok("list", "--all")).doesNotContain("extra");
        ExternalClient.Result graceful = virsh("destroy", "--graceful", "test");
        assertThat(graceful.exit()).isNotZero();
        assertThat(graceful.err()).contains("unsupported flags (0x1) in function virDomainDestroyFlags");
        assertThat(ok("shutdown", "test")).contains("Domain 'test' is being shutdown");
        assertThat(ok("domstate", "--reason", "test").strip()).isEqualTo("shut off (shutdown)");
    }

    @Test
    void readOnlyClientMayLookButNotTouch() throws Exception {
        Path xml = dir.resolve("vm.xml");
        Files.writeString(xml, "<domain type='test'><name>extra</name><memory>1024</memory><os><type>hvm</type></os></domain>");
        assertThat(ok("-r", "list", "--all")).contains(" 1    test   running");
        ExternalClient.Result define = virsh("-r", "define", xml.toString());
        assertThat(define.exit()).isNotZero();
        assertThat(define.err()).contains("error: operation forbidden: read only access prevents virDomainDefineXML");
        ExternalClient.Result destroy = virsh("-r", "destroy", "test");
        assertThat(destroy.exit()).isNotZero();
        assertThat(destroy.err()).contains("read only access prevents virDomainDestroy");
        assertThat(ok("list", "--all")).contains(" 1    test   running").doesNotContain("extra");
    }

    @Test
    void lifecycleEventsReachVirshEvent() throws Exception {
        Path events = dir.resolve("events.txt");
        // line-buffered so that events show up in the file as virsh prints them
        List<String> cmd = new ArrayList<>(List.of("stdbuf", "-oL", "virsh", "-c", "test+unix:///default?socket=" + socket,
                "event", "--all", "--loop", "--timeout", "120"));
        ProcessBuilder pb = client.builder(cmd).redirectOutput(events.toFile())
                .redirectError(dir.resolve("events.err").toFile());
        Process watcher = pb.start();
        try {
            // the watcher's registration races with our changes: poke the default domain until it reports
            boolean registered = false;
            for (int i = 0; i < 100 && !registered && watcher.isAlive(); i++) {
                ok("suspend", "test");
                ok("resume", "test");
                registered = Files.readString(events).contains("event 'lifecycle' for domain 'test': Suspended Paused");
            }
            assertThat(registered).as("virsh event saw a suspend: %s", Files.readString(dir.resolve("events.err"))).isTrue();
            Path xml = dir.resolve("vm.xml");
            Files.writeString(xml, "<domain type='test'><name>extra</name><memory>1024</memory><os><type>hvm</type></os></domain>");
            ok("define", xml.toString());
            ok("start", "extra");
            ok("destroy", "extra");
            String expectedLast = "event 'lifecycle' for domain 'extra': Stopped Destroyed";
            for (int i = 0; i < 600 && !Files.readString(events).contains(expectedLast) && watcher.isAlive(); i++) {
                Thread.sleep(50);
            }
            String printed = Files.readString(events);
            assertThat(printed).contains("event 'lifecycle' for domain 'test': Resumed Unpaused")
                    .contains("event 'lifecycle' for domain 'extra': Defined Added\n"
                            + "event 'lifecycle' for domain 'extra': Started Booted\n"
                            + expectedLast + "\n");
        } finally {
            watcher.destroy();
            if (!watcher.waitFor(10, TimeUnit.SECONDS)) {
                watcher.destroyForcibly();
            }
        }
    }

    @Test
    void badLengthWordDisconnectsOnlyThatClient() throws Exception {
        try (SocketChannel bad = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            bad.connect(UnixDomainSocketAddress.of(socket));
            bad.write(ByteBuffer.wrap(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3, 4}));
            assertThat(readToEnd(Channels.newInputStream(bad))).as("server closes the bad client").isEqualTo(-1);
        }
        try (SocketChannel garbage = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            garbage.connect(UnixDomainSocketAddress.of(socket));
            garbage.write(ByteBuffer.wrap("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(readToEnd(Channels.newInputStream(garbage))).isEqualTo(-1);
        }
        // a half-sent packet keeps its client waiting but must not block anyone else
        try (SocketChannel slow = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            slow.connect(UnixDomainSocketAddress.of(socket));
            OutputStream out = Channels.newOutputStream(slow);
            out.write(new byte[] {0, 0, 0, 40, 0x20});
            out.flush();
            assertThat(ok("list", "--all")).contains(" 1    test   running");
        }
    }

    /** -1 when the server closed the connection; a reset (unread bytes at close) counts as closed too. */
    private static int readToEnd(InputStream in) {
        try {
            return in.read();
        } catch (IOException e) {
            return -1;
        }
    }
}
