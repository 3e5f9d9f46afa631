package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.virtkit.hyperv.testing.StandInHypervEndpoint;

/**
 * Stand-in test in plain Felix: Debian's virsh and python3-libvirt against Virtkit's remote daemon, reaching the
 * hyperv:// driver bundle and through it the stand-in Hyper-V endpoint (hyperv.bundle's test-jar; no Hyper-V host
 * can run here, and Debian's libvirt has no hyperv driver to compare with). The clients name the daemon's socket and,
 * in {@code name=}, the {@code hyperv://} URI the daemon opens ({@code hyperv+unix:///?socket=…&name=hyperv://…}).
 * The daemon relays no credentials from its clients, so the driver finds them in the auth.conf its configuration
 * ({@code io.virtkit.hyperv}, {@code authFile}) names. A VM is defined, started, destroyed and undefined through
 * virsh, python3-libvirt lists and reads the VMs; the stand-in's model confirms each step.
 */
class HypervThroughRemoteDaemonStandInFelixTest {
    private static final String USER = "administrator";
    private static final String PASSWORD = "StandIn-Secret2";
    private static final String GUEST = "vk-felix-hyperv-remote";
    private static final int ENABLED_STATE_RUNNING = 2;
    private static final int ENABLED_STATE_OFF = 3;

    /**
     * python3-libvirt: every domain as "name state memoryKiB vcpus uuid" (state as libvirt's number; the current memory,
     * which Hyper-V's VirtualQuantity is), sorted by name; then the connection's type and whether dumpxml is Hyper-V's.
     */
    private static final String PYTHON_LIST = """
            import sys, libvirt
            conn = libvirt.open(sys.argv[1])
            for dom in sorted(conn.listAllDomains(), key=lambda d: d.name()):
                state, _, memory, vcpus, _ = dom.info()
                print(dom.name(), state, memory, vcpus, dom.UUIDString())
            print(conn.getType(), conn.lookupByName(sys.argv[2]).XMLDesc(0).count("<domain type='hyperv'"))
            conn.close()
            """;

    private final BundleContext context = FrameworkUtil.getBundle(HypervThroughRemoteDaemonStandInFelixTest.class)
            .getBundleContext();
    private DriverConfiguration hypervConfiguration;
    private StandInHypervEndpoint endpoint;
    private Path dir;
    private Path socket;
    private Virsh virsh;

    @BeforeEach
    void startTheStandInAndTheDaemon() throws Exception {
        dir = Files.createTempDirectory("vk-felix-hyperv");
        endpoint = StandInHypervEndpoint.startHttp(USER, PASSWORD);
        endpoint.host().addVirtualMachine("web01", 2, 1024, ENABLED_STATE_RUNNING);
        endpoint.host().addVirtualMachine("db01", 1, 512, ENABLED_STATE_OFF);
        Path authFile = Files.writeString(dir.resolve("auth.conf"), """
                [credentials-standin]
                username=%s
                password=%s

                [auth-hyperv-127.0.0.1]
                credentials=standin
                """.formatted(USER, PASSWORD));

        hypervConfiguration = DriverConfiguration.set(context, "io.virtkit.hyperv", "hyperv", "the Hyper-V driver",
                "authFile", authFile.toString());
        socket = DaemonSockets.listenIn(context, dir);
        virsh = new Virsh(dir, Map.of());
    }

    @AfterEach
    void stopTheStandIn() throws Exception {
        try {
            // the remote daemon's configuration stays (see RemoteDaemonInFelixTest); the driver's goes
            if (hypervConfiguration != null) {
                hypervConfiguration.close();
            }
            if (endpoint != null) {
                endpoint.close();
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void virshAndPythonListAndRunAVmOnTheStandInThroughTheDaemon() throws Exception {
        // the hyperv:// URI carries its own query (transport=http): escaped whole as the name parameter's value
        String remote = "hyperv+unix:///?socket=" + socket + "&name="
                + URLEncoder.encode(endpoint.libvirtUri(), StandardCharsets.UTF_8);

        assertThat(virsh.run(remote, "list", "--all")).containsPattern("(?m)^\\s*\\d+\\s+web01\\s+running\\s*$")
                .containsPattern("(?m)^\\s*-\\s+db01\\s+shut off\\s*$");
        assertThat(virsh.run(remote, "dominfo", "web01")).containsPattern("(?m)^Name:\\s+web01$")
                .containsPattern("(?m)^State:\\s+running$")
                .containsPattern("(?m)^CPU\\(s\\):\\s+2$")
                .containsPattern("(?m)^Used memory:\\s+1048576 KiB$");

        Path xml = dir.resolve(GUEST + ".xml");
        Files.writeString(xml, """
                <domain type='hyperv'>
                  <name>%s</name>
                  <memory unit='MiB'>256</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                </domain>
                """.formatted(GUEST));
        virsh.run(remote, "define", xml.toString()); // -q: virsh's own "defined", "started"... lines are left out
        String guid = endpoint.host().findByName(GUEST).orElseThrow();
        assertThat(virsh.run(remote, "domuuid", GUEST).strip()).isEqualToIgnoringCase(guid);
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh.run(remote, "start", GUEST);
        assertThat(endpoint.host().enabledState(guid)).isEqualTo(ENABLED_STATE_RUNNING);
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("running");
        assertThat(virsh.run(remote, "dumpxml", GUEST)).contains("<name>" + GUEST + "</name>")
                .contains("<currentMemory unit='KiB'>262144</currentMemory>");

        List<String> python = python(remote, GUEST).lines().toList();
        assertThat(python).hasSize(4);
        assertThat(python.get(0)).startsWith("db01 5 524288 1 ");
        assertThat(python.get(1)).isEqualToIgnoringCase(GUEST + " 1 262144 1 " + guid);
        assertThat(python.get(2)).startsWith("web01 1 1048576 2 ");
        assertThat(python.get(3)).isEqualTo("Hyper-V 1");

        virsh.run(remote, "destroy", GUEST);
        assertThat(endpoint.host().enabledState(guid)).isEqualTo(ENABLED_STATE_OFF);
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh.run(remote, "undefine", GUEST);
        assertThat(endpoint.host().findByName(GUEST)).isEmpty();
        assertThat(virsh.run(remote, "list", "--all", "--name").lines().filter(l -> !l.isBlank()).sorted())
                .containsExactly("db01", "web01");
    }

    /** Debian's python3 with libvirt's binding running {@link #PYTHON_LIST} against {@code uri}. */
    private String python(String uri, String domain) throws Exception {
        return ClientProcess.run(dir, Map.of(), List.of("/usr/bin/python3", "-c", PYTHON_LIST, uri, domain));
    }
}
