package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.lxc.internal.BusyboxRootfs;
import io.virtkit.lxc.internal.LxcDriver;
import io.virtkit.lxc.internal.LxcTests;

/**
 * virsh over {@code lxc+unix:///system?socket=…} against {@link RemoteServer} backed by the real LXC
 * driver: a busybox container (root, util-linux and busybox-static needed, as lxc.bundle's own tests) in
 * its own namespaces and cgroups below this JVM's, driven through the wire; everything removed afterwards.
 */
class LxcRemoteTest {
    @TempDir
    Path dir;
    private final UUID uuid = UUID.randomUUID();
    private final String cgroupPath = "virtkit-test/remote-" + uuid.toString().substring(0, 8);
    private LxcDriverFactory factory;
    private SocketServer server;
    private Path rootfs;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        ExternalClient.requireInstalled(Path.of("/usr/bin/unshare"));
        ExternalClient.requireInstalled(Path.of("/usr/bin/script"));
        ExternalClient.requireInstalled(Path.of("/bin/busybox"));
        rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        factory = new LxcDriverFactory(dir.resolve("lxc"), cgroupPath);
        server = SocketServer.start(dir, factory);
        virsh = new Virsh(new ExternalClient(dir), server.uri("lxc:///system"));
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
                // the driver leaves containers running when it closes (as libvirtd does); a failed test's are ours
                LxcTests.destroyActive(new LxcDriver(factory.settings));
                LxcTests.removeCgroups(cgroupPath);
            }
        }
    }

    @Test
    void connectionReportsTheLxcDriver() throws Exception {
        assertThat(virsh.ok("uri").strip()).isEqualTo("lxc+unix:///system?socket=" + server.socket());
        assertThat(virsh.ok("version", "--daemon")).contains("Using API: LXC")
                .containsPattern("Running hypervisor: LXC [0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(virsh.ok("list", "--all")).doesNotContain("running").doesNotContain("shut off");
        // libvirt 9.0's LXC driver has no domain capabilities: the function is not supported
        ExternalClient.Result domcaps = virsh.run("domcapabilities");
        assertThat(domcaps.exit()).isNotZero();
        assertThat(domcaps.err()).contains("error: failed to get emulator capabilities\nerror: this function is not "
                + "supported by the connection driver: virConnectGetDomainCapabilities");
    }

    @Test
    void virshListsDescribesAndDestroysARunningContainer() throws Exception {
        Path xml = dir.resolve("box.xml");
        Files.writeString(xml, """
                <domain type='lxc'>
                  <name>box</name>
                  <uuid>%s</uuid>
                  <memory unit='MiB'>64</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type>exe</type>
                    <init>/bin/sh</init>
                    <initarg>-c</initarg>
                    <initarg>trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done # marker-%1$s</initarg>
                  </os>
                  <devices>
                    <filesystem type='mount'><source dir='%s'/><target dir='/'/></filesystem>
                  </devices>
                </domain>
                """.formatted(uuid, rootfs));
        assertThat(virsh.ok("define", xml.toString())).contains("Domain 'box' defined from " + xml);
        assertThat(virsh.ok("list", "--all")).containsPattern(" -\\s+box\\s+shut off");

        assertThat(virsh.ok("start", "box")).contains("Domain 'box' started");
        assertThat(MarkedProcesses.awaitInits("marker-" + uuid)).as("the container's init").hasSize(1);
        String list = virsh.ok("list", "--all");
        assertThat(list).containsPattern(" [0-9]+\\s+box\\s+running");
        assertThat(virsh.ok("list")).as("running domains only").containsPattern(" [0-9]+\\s+box\\s+running");
        assertThat(virsh.ok("domstate", "--reason", "box").strip()).isEqualTo("running (booted)");

        String info = virsh.ok("dominfo", "box");
        assertThat(info).contains("Name:           box").contains("UUID:           " + uuid)
                .contains("OS Type:        exe").contains("State:          running")
                .contains("CPU(s):         1").contains("Max memory:     65536 KiB")
                .contains("Persistent:     yes").containsPattern("Id:\\s+[0-9]+");
        assertThat(virsh.ok("dumpxml", "box")).containsPattern("<domain type='lxc' id='[0-9]+'")
                .contains("<init>/bin/sh</init>");

        assertThat(virsh.ok("destroy", "box")).contains("Domain 'box' destroyed");
        assertThat(virsh.ok("domstate", "--reason", "box").strip()).isEqualTo("shut off (destroyed)");
        assertThat(virsh.ok("list", "--all")).containsPattern(" -\\s+box\\s+shut off");
        // destroy returns once init is gone; the namespace's last processes may take a moment to be reaped
        MarkedProcesses.assertNoneLeft("marker-" + uuid, "container processes left");

        ExternalClient.Result again = virsh.run("destroy", "box");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("error: Requested operation is not valid: domain is not running");

        assertThat(virsh.ok("undefine", "box")).contains("Domain 'box' has been undefined");
        assertThat(virsh.ok("list", "--all")).doesNotContain("box");
    }
}
