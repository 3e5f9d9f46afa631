package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's virt-install (package virtinst) over {@code qemu+unix:///system?socket=…} against {@link RemoteServer}
 * backed by the real QEMU driver. virt-install picks the best domain type the capabilities XML offers: where
 * KVM cannot run a guest (the driver's KVM probe says so) that must be type 'qemu', so the guest it creates
 * starts under TCG instead of failing with "Domain requires KVM".
 */
class VirtInstallTest {
    static final String BINARY = "/usr/bin/virt-install";

    @TempDir
    Path dir;
    private final UUID uuid = UUID.randomUUID();
    private QemuDriverFactory factory;
    private SocketServer server;
    private ExternalClient client;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(BINARY));
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(Path.of(QemuDriverFactory.EMULATOR));
        factory = new QemuDriverFactory(dir.resolve("qemu"));
        server = SocketServer.start(dir, factory);
        client = new ExternalClient(dir);
        virsh = new Virsh(client, server.uri("qemu:///system"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            if (factory != null) {
                factory.close();
            }
            // the driver leaves guests running when it closes (as libvirtd does); a failed test's are ours to kill
            for (ProcessHandle p : MarkedProcesses.find(uuid.toString())) {
                p.destroyForcibly();
                p.onExit().get(10, TimeUnit.SECONDS);
            }
        }
    }

    private ExternalClient.Result virtInstall(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(BINARY, "--connect", server.uri("qemu:///system")));
        cmd.addAll(List.of(args));
        return client.run(cmd);
    }

    @Test
    void virtInstallCreatesAndStartsAGuestOfTheTypeTheCapabilitiesOffer() throws Exception {
        ExternalClient.Result r = virtInstall("--name", "vi", "--uuid", uuid.toString(), "--memory", "64",
                "--vcpus", "1", "--disk", "none", "--network", "none", "--graphics", "none", "--import",
                "--osinfo", "detect=on,require=off",
                "--noautoconsole");
        assertThat(r.exit()).as("virt-install failed:%n%s%n%s", r.out(), r.err()).isZero();
        assertThat(r.out()).contains("Domain creation completed.");

        assertThat(virsh.ok("domstate", "--reason", "vi").strip()).isEqualTo("running (booted)");
        assertThat(MarkedProcesses.find(uuid.toString())).as("one QEMU for the guest").hasSize(1);
        String caps = virsh.ok("capabilities");
        String type = caps.contains("<domain type='kvm'") ? "kvm" : "qemu";
        // virt-install took the best type the capabilities offer, and the driver ran it
        assertThat(virsh.ok("dumpxml", "vi")).containsPattern("<domain type='" + type + "' id='[0-9]+'");

        assertThat(virsh.ok("destroy", "vi")).contains("Domain 'vi' destroyed");
        MarkedProcesses.assertNoneLeft(uuid.toString(), "QEMU processes left");
        assertThat(virsh.ok("undefine", "vi")).contains("Domain 'vi' has been undefined");
        assertThat(virsh.ok("list", "--all")).doesNotContain(" vi ");
    }
}
