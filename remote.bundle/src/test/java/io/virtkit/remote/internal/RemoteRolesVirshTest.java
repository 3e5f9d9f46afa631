package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.DomainState;
import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.RemoteDaemon.Role;
import io.virtkit.remote.internal.tls.TestPki;
import io.virtkit.remote.internal.tls.TestPki.KeyFormat;
import io.virtkit.remote.internal.tls.TlsFiles;

/**
 * Remote roles end to end: the daemon as pid io.virtkit.remote configures it (read-write socket 0666, roles by uid,
 * gid and TLS DN), and the real virsh and python3-libvirt run as other users with setpriv (uids no user database
 * names, so nothing is created on the host). Each refused call is checked to have changed nothing.
 */
class RemoteRolesVirshTest {
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long OPERATOR_UID = 50011;
    private static final long VIEWER_UID = 50012;
    private static final long UNMAPPED_UID = 50013;
    private static final long ADMIN_GROUP_MEMBER_UID = 50014;
    private static final long ADMIN_GID = 50020;
    private static final long OTHER_GID = 50021;
    private static final String DENIED = "access denied: 'Test' denied access";
    private static final String EXTRA_XML = RemoteSessionRoleTest.EXTRA_XML;

    private Path dir;
    private TestDriverFactory factory;
    private RemoteDaemonComponent daemon;
    private Path socket;
    private final List<Process> processes = new ArrayList<>();

    /** The configuration's defaults, with {@code values} instead where given. */
    private static RemoteDaemonConfig config(Map<String, Object> values) {
        return (RemoteDaemonConfig) Proxy.newProxyInstance(RemoteDaemonConfig.class.getClassLoader(),
                new Class<?>[] {RemoteDaemonConfig.class}, (proxy, method, args) -> values.containsKey(method.getName())
                        ? values.get(method.getName()) : method.getDefaultValue());
    }

    @BeforeEach
    void start() throws Exception {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(SETPRIV);
        boolean root = "root".equals(Files.getOwner(Path.of("/proc/self")).getName());
        if ("true".equals(System.getenv("CI"))) {
            assertThat(root).as("CI runs the tests as root: setpriv must be able to change user").isTrue();
        }
        assumeTrue(root, "running virsh as other users needs root");
        // not @TempDir (0700): the other users must reach the socket, so a 0711 directory of the test's own in /tmp
        dir = Files.createTempDirectory(Path.of("/tmp"), "vkrr-roles-");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        socket = dir.resolve("virtkit-sock");
        factory = new TestDriverFactory();
    }

    private void startDaemon(Map<String, Object> extra) {
        Map<String, Object> values = new HashMap<>(Map.of("socketPath", socket.toString(),
                "readOnlySocketPath", dir.resolve("virtkit-sock-ro").toString(), "socketMode", "0666",
                "unixUserRoles", new String[] {"operator:" + OPERATOR_UID, "viewer:" + VIEWER_UID},
                "unixGroupRoles", new String[] {"admin:" + ADMIN_GID}));
        values.putAll(extra);
        daemon = new RemoteDaemonComponent(factory, config(values));
    }

    @AfterEach
    void stop() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (daemon != null) {
            daemon.deactivate();
        }
        if (dir != null) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    /** A home of its own for {@code uid}: libvirt's clients write their cache and config there. */
    private ExternalClient clientAs(long uid, long gid) throws IOException {
        Path home = Files.createDirectories(dir.resolve("home-" + uid + "-" + gid));
        Files.setAttribute(home, "unix:uid", (int) uid);
        Files.setAttribute(home, "unix:gid", (int) gid);
        return new ExternalClient(home);
    }

    private static List<String> asUser(long uid, long gid, String... command) {
        List<String> result = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=" + uid, "--regid=" + gid,
                "--clear-groups"));
        result.addAll(List.of(command));
        return result;
    }

    private String uri() {
        return "test+unix:///default?socket=" + socket;
    }

    /** virsh as {@code uid}:{@code gid}; {@code -r} first opens read-only. */
    private ExternalClient.Result virsh(long uid, long gid, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Virsh.BINARY));
        int i = 0;
        for (; i < args.length && args[i].startsWith("-"); i++) {
            command.add(args[i]);
        }
        command.addAll(List.of("-c", uri()));
        command.addAll(List.of(args).subList(i, args.length));
        return clientAs(uid, gid).run(asUser(uid, gid, command.toArray(String[]::new)));
    }

    private static void assertOk(ExternalClient.Result r) {
        assertThat(r.exit()).as("virsh failed: %s", r.err()).isZero();
    }

    private static void assertRefused(ExternalClient.Result r, String message) {
        assertThat(r.exit()).as("refused: %s", r.out()).isNotZero();
        assertThat(r.err()).contains("error: " + message);
    }

    private Path xmlFile(String name) throws IOException {
        Path xml = dir.resolve(name + ".xml");
        Files.writeString(xml, EXTRA_XML.replace("extra", name));
        Files.setPosixFilePermissions(xml, PosixFilePermissions.fromString("rw-r--r--"));
        return xml;
    }

    private Connection admin() {
        return factory.open(ConnectRequest.to("test:///default"));
    }

    private DomainState state(String name) {
        try (Connection c = admin()) {
            return c.lookupDomainByName(name).state().state();
        }
    }

    private List<String> domains() {
        try (Connection c = admin()) {
            return c.listAllDomains().stream().map(d -> d.name()).sorted().toList();
        }
    }

    private void defineExtra() {
        try (Connection c = admin()) {
            c.defineDomain(EXTRA_XML);
        }
    }

    @Test
    void aUserWithoutARoleIsRefusedReadWriteAndReadsThroughAReadOnlyOpen() throws Exception {
        startDaemon(Map.of());
        defineExtra();

        assertRefused(virsh(UNMAPPED_UID, UNMAPPED_UID, "list", "--all"),
                "authentication failed: access denied by policy");
        assertThat(virsh(UNMAPPED_UID, UNMAPPED_UID, "-r", "list", "--all").out())
                .containsPattern("test\\s+running").containsPattern("extra\\s+shut off");
        assertRefused(virsh(UNMAPPED_UID, UNMAPPED_UID, "-r", "start", "extra"),
                "operation forbidden: read only access prevents virDomainCreate");
        assertRefused(virsh(UNMAPPED_UID, UNMAPPED_UID, "-r", "define", xmlFile("other").toString()),
                "operation forbidden: read only access prevents virDomainDefineXML");
        assertThat(state("extra")).isEqualTo(DomainState.SHUTOFF);
        assertThat(domains()).containsExactly("extra", "test");
    }

    @Test
    void aViewerReadsButIsDeniedStartDefineAndSecrets() throws Exception {
        startDaemon(Map.of());
        defineExtra();

        assertThat(virsh(VIEWER_UID, VIEWER_UID, "list", "--all").out()).containsPattern("extra\\s+shut off");
        assertThat(virsh(VIEWER_UID, VIEWER_UID, "dumpxml", "extra").out()).contains("<name>extra</name>");
        assertRefused(virsh(VIEWER_UID, VIEWER_UID, "start", "extra"), DENIED);
        assertRefused(virsh(VIEWER_UID, VIEWER_UID, "destroy", "test"), DENIED);
        assertRefused(virsh(VIEWER_UID, VIEWER_UID, "define", xmlFile("other").toString()), DENIED);
        assertRefused(virsh(VIEWER_UID, VIEWER_UID, "dumpxml", "--security-info", "extra"), DENIED);
        assertThat(state("extra")).isEqualTo(DomainState.SHUTOFF);
        assertThat(state("test")).isEqualTo(DomainState.RUNNING);
        assertThat(domains()).containsExactly("extra", "test");
    }

    @Test
    void anOperatorStartsAndDestroysButNeitherDefinesNorUndefines() throws Exception {
        startDaemon(Map.of());
        defineExtra();

        assertOk(virsh(OPERATOR_UID, OPERATOR_UID, "start", "extra"));
        assertThat(state("extra")).isEqualTo(DomainState.RUNNING);
        assertOk(virsh(OPERATOR_UID, OPERATOR_UID, "suspend", "extra"));
        assertOk(virsh(OPERATOR_UID, OPERATOR_UID, "resume", "extra"));
        assertOk(virsh(OPERATOR_UID, OPERATOR_UID, "destroy", "extra"));
        assertThat(state("extra")).isEqualTo(DomainState.SHUTOFF);

        assertRefused(virsh(OPERATOR_UID, OPERATOR_UID, "define", xmlFile("other").toString()), DENIED);
        assertRefused(virsh(OPERATOR_UID, OPERATOR_UID, "undefine", "extra"), DENIED);
        assertRefused(virsh(OPERATOR_UID, OPERATOR_UID, "autostart", "extra"), DENIED);
        assertThat(domains()).containsExactly("extra", "test");
    }

    @Test
    void anAdminByGroupDefinesAndUndefines() throws Exception {
        startDaemon(Map.of());

        assertOk(virsh(ADMIN_GROUP_MEMBER_UID, ADMIN_GID, "define", xmlFile("other").toString()));
        assertThat(domains()).containsExactly("other", "test");
        assertOk(virsh(ADMIN_GROUP_MEMBER_UID, ADMIN_GID, "undefine", "other"));
        assertThat(domains()).containsExactly("test");
        // the same user in another group has no role
        assertRefused(virsh(ADMIN_GROUP_MEMBER_UID, OTHER_GID, "list"),
                "authentication failed: access denied by policy");
    }

    @Test
    void pythonLibvirtAsAnOperatorAndAsAUserWithoutARole() throws Exception {
        ExternalClient.requireInstalled(PYTHON);
        startDaemon(Map.of());
        defineExtra();
        Path script = dir.resolve("roles.py");
        Files.writeString(script, """
                import sys, libvirt
                libvirt.registerErrorHandler(lambda ctx, err: None, None)
                uri = 'test+unix:///default?socket=' + sys.argv[1]

                def refusal(fn):
                    try:
                        fn()
                        return 'allowed'
                    except libvirt.libvirtError as e:
                        return '%d/%d %s' % (e.get_error_code(), e.get_error_domain(), e.get_error_message())

                if sys.argv[2] == 'operator':
                    conn = libvirt.open(uri)
                    dom = conn.lookupByName('extra')
                    dom.create()
                    print('active', dom.isActive())
                    dom.destroy()
                    print('active', dom.isActive())
                    print('define', refusal(lambda: conn.defineXML(open(sys.argv[3]).read())))
                    print('undefine', refusal(dom.undefine))
                else:
                    print('open', refusal(lambda: libvirt.open(uri)))
                    ro = libvirt.openReadOnly(uri)
                    print('names', sorted(d.name() for d in ro.listAllDomains()))
                    print('create', refusal(ro.lookupByName('extra').create))
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rw-r--r--"));
        String other = xmlFile("other").toString();

        ExternalClient.Result operator = clientAs(OPERATOR_UID, OPERATOR_UID).run(asUser(OPERATOR_UID, OPERATOR_UID,
                PYTHON.toString(), script.toString(), socket.toString(), "operator", other));
        assertThat(operator.exit()).as("python: %s", operator.err()).isZero();
        assertThat(operator.out()).isEqualTo("""
                active 1
                active 0
                define 88/55 access denied: 'Test' denied access
                undefine 88/55 access denied: 'Test' denied access
                """);

        ExternalClient.Result none = clientAs(UNMAPPED_UID, UNMAPPED_UID).run(asUser(UNMAPPED_UID, UNMAPPED_UID,
                PYTHON.toString(), script.toString(), socket.toString(), "none"));
        assertThat(none.exit()).as("python: %s", none.err()).isZero();
        assertThat(none.out()).isEqualTo("""
                open 45/55 authentication failed: access denied by policy
                names ['extra', 'test']
                create 29/20 operation forbidden: read only access prevents virDomainCreate
                """);
        assertThat(domains()).containsExactly("extra", "test");
        assertThat(state("extra")).isEqualTo(DomainState.SHUTOFF);
    }

    @Test
    void aTlsClientWhoseDnIsAViewerIsRefusedAStart() throws Exception {
        Path pki = Files.createDirectories(dir.resolve("pki"));
        TestPki ca = TestPki.create(pki, "main");
        TlsFiles server = ca.server("server", KeyFormat.PKCS1_RSA);
        TlsFiles client1 = ca.client("client1", "client1", KeyFormat.PKCS8_RSA);
        TlsFiles boss = ca.client("boss", "boss", KeyFormat.PKCS8_RSA);
        startDaemon(Map.of("tlsEnabled", true, "tlsAddress", "127.0.0.1", "tlsPort", 0,
                "caFile", server.caCert().toString(), "certFile", server.cert().toString(),
                "keyFile", server.key().toString(), "tlsAllowedDnList", new String[] {"C=GB,O=Virtkit Test,*"},
                "tlsDnRoles", new String[] {"viewer:C=GB,O=Virtkit Test,CN=client*", "admin:*,CN=boss"}));
        defineExtra();
        String address = daemon.listeners().stream().filter(l -> l.transport().equals("tls")).findFirst()
                .orElseThrow().address();
        String port = address.substring(address.lastIndexOf(':') + 1);

        Virsh viewer = tlsVirsh("client1", client1, ca, port);
        assertThat(viewer.ok("list", "--all")).containsPattern("extra\\s+shut off");
        assertRefused(viewer.run("start", "extra"), DENIED);
        assertThat(state("extra")).isEqualTo(DomainState.SHUTOFF);

        Virsh admin = tlsVirsh("boss", boss, ca, port);
        admin.ok("start", "extra");
        assertThat(state("extra")).isEqualTo(DomainState.RUNNING);
    }

    /** virsh as root over TLS to the daemon's {@code port}, with {@code client}'s certificate. */
    private Virsh tlsVirsh(String name, TlsFiles client, TestPki ca, String port) throws Exception {
        Path pkiPath = TestPki.pkiPath(Files.createDirectories(dir.resolve("pki-" + name)), client, ca.caCert());
        return new Virsh(new ExternalClient(Files.createDirectories(dir.resolve("tls-home-" + name))),
                "test+tls://127.0.0.1:" + port + "/default?pkipath=" + pkiPath);
    }

    @Test
    void theDaemonTellsEachClientsRole() throws Exception {
        ExternalClient.requireInstalled(PYTHON);
        startDaemon(Map.of());
        String hold = "import socket, sys; s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1]); "
                + "print('connected', flush=True); sys.stdin.read()";
        Process viewer = hold(asUser(VIEWER_UID, VIEWER_UID, PYTHON.toString(), "-c", hold, socket.toString()));
        Process rootRo = hold(List.of(PYTHON.toString(), "-c", hold, dir.resolve("virtkit-sock-ro").toString()));
        Process rootRw = hold(List.of(PYTHON.toString(), "-c", hold, socket.toString()));
        Process none = hold(asUser(UNMAPPED_UID, UNMAPPED_UID, PYTHON.toString(), "-c", hold, socket.toString()));

        assertThat(roleOf("user=" + VIEWER_UID, false)).contains(Role.VIEWER);
        assertThat(roleOf("user=" + UNMAPPED_UID, false)).contains(Role.READ_ONLY);
        assertThat(roleOf("user=root", true)).contains(Role.READ_ONLY);
        assertThat(roleOf("user=root", false)).contains(Role.ADMIN);
        assertThat(daemon.role(Long.MAX_VALUE)).isEmpty();
        for (Process p : List.of(viewer, rootRo, rootRw, none)) {
            p.getOutputStream().close();
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** Starts {@code command}, which connects and then waits for its stdin to close; returns once it connected. */
    private Process hold(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(p);
        String line = new String(p.getInputStream().readNBytes("connected\n".length()));
        assertThat(line).isEqualTo("connected\n");
        return p;
    }

    /** The role of the client whose peer starts with {@code peer} on the (read-only or not) socket, once listed. */
    private Optional<Role> roleOf(String peer, boolean readOnly) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Optional<ClientInfo> c = daemon.clients().stream()
                    .filter(i -> i.peer().startsWith(peer + ",") && i.readOnly() == readOnly).findFirst();
            if (c.isPresent()) {
                return daemon.role(c.get().id());
            }
            Thread.sleep(20); // the acceptor registers the client just after the peer's connect returned
        }
        throw new AssertionError("no client " + peer + " among " + daemon.clients());
    }
}
