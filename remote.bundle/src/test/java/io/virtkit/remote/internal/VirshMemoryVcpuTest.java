package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real virsh's setmem, setmaxmem, setvcpus, vcpucount, dominfo and domxml-from-native against the test driver
 * through {@link RemoteServer}, compared with the same virsh session run on libvirt's own test driver
 * ({@code test:///default} inside virsh, libvirt 9.0): one virsh process per session, so both keep their state
 * from command to command.
 */
class VirshMemoryVcpuTest {
    @TempDir
    Path dir;
    private SocketServer server;
    private ExternalClient client;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        server = SocketServer.start(dir, new TestDriverFactory());
        client = new ExternalClient(dir);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void memoryChangesAnswerAsLibvirtsTestDriver() throws Exception {
        sameAsLibvirt("setmem test 1000; setmem test 2000 --config; dominfo test; setmaxmem test 100000;"
                + " setmaxmem test 100000 --config; setmem test 99999999999; setmem test 0; dumpxml --inactive test;"
                + " destroy test; setmem test 5000 --live; setmaxmem test 100; dominfo test; setmem test 50 --current;"
                + " dominfo test");
    }

    @Test
    void vcpuChangesAnswerAsLibvirtsTestDriver() throws Exception {
        sameAsLibvirt("setvcpus test 3 --maximum --config; setvcpus test 1 --live; vcpucount test; dominfo test;"
                + " vcpucount test --maximum --config; setvcpus test 3; setvcpus test 100 --live;"
                + " setvcpus test 2 --maximum; setvcpus test 2 --hotpluggable --config; vcpucount test --live --config;"
                + " destroy test; vcpucount test; setvcpus test 1; setvcpus test 3 --config; vcpucount test --current;"
                + " dominfo test");
    }

    @Test
    void domxmlFromNativeIsNotSupportedAsOnLibvirtsTestDriver() throws Exception {
        Path config = dir.resolve("guest.vmx");
        Files.writeString(config, "config.version = \"8\"\n");
        sameAsLibvirt("domxml-from-native vmware-vmx " + config + "; domxml-from-native foo " + config);
    }

    @Test
    void aReadOnlyClientMayCountButNotChange() throws Exception {
        Virsh readOnly = new Virsh(client, server.uri("test:///default"));
        ExternalClient.Result r = readOnly.run("-r", "setmem", "test", "1000");
        assertThat(r.exit()).isNotZero();
        assertThat(r.err()).contains("error: operation forbidden: read only access prevents virDomainSetMemoryFlags");
        assertThat(readOnly.ok("-r", "vcpucount", "test", "--live", "--maximum").strip()).isEqualTo("2");
        r = readOnly.run("-r", "domxml-from-native", "vmware-vmx", "/dev/null");
        assertThat(r.err())
                .contains("error: operation forbidden: read only access prevents virConnectDomainXMLFromNative");
    }

    /** Runs {@code session} (commands separated by ';') on both, comparing the exit code, stdout and stderr. */
    private void sameAsLibvirt(String session) throws Exception {
        ExternalClient.Result ours = client.run(List.of(Virsh.BINARY, "-c", server.uri("test:///default"), session));
        ExternalClient.Result libvirt = client.run(List.of(Virsh.BINARY, "-c", "test:///default", session));
        assertThat(normalized(ours.out())).isEqualTo(normalized(libvirt.out()));
        assertThat(normalized(ours.err())).isEqualTo(normalized(libvirt.err()));
        assertThat(ours.exit()).isEqualTo(libvirt.exit());
    }

    /**
     * Without what differs by nature: CPU time, the security label lines libvirt's test driver invents, and the
     * name of the C function in an unsupported-flags error (Virtkit names the public one, and its driver flag
     * checks, {@code DriverFlags}, put libvirt's "invalid argument: " before that message).
     */
    private static String normalized(String text) {
        return text.lines().filter(l -> !l.startsWith("CPU time:") && !l.startsWith("Security "))
                .map(l -> l.replaceAll("in function (test|vir)Domain", "in function Domain")
                        .replace("invalid argument: unsupported flags", "unsupported flags"))
                .collect(Collectors.joining("\n"));
    }
}
