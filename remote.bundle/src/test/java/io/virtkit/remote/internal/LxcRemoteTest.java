package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.lxc.internal.BusyboxRootfs;
import io.virtkit.lxc.internal.LxcDriver;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;

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
    private RemoteServer server;
    private Path socket;
    private Path rootfs;
    private ExternalClient client;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of("/usr/bin/virsh"));
        ExternalClient.requireInstalled(Path.of("/usr/bin/unshare"));
        ExternalClient.requireInstalled(Path.of("/usr/bin/script"));
        ExternalClient.requireInstalled(Path.of("/bin/busybox"));
        rootfs = BusyboxRootfs.build(dir.resolve("rootfs"));
        factory = new LxcDriverFactory(dir.resolve("lxc"), cgroupPath);
        socket = dir.resolve("virtkit-sock");
        server = new RemoteServer(socket, factory);
        server.start();
        client = new ExternalClient(dir);
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.close();
                assertThat(socket).doesNotExist();
            }
        } finally {
            if (factory != null) {
                factory.close();
                // the driver leaves containers running when it closes (as libvirtd does); a failed test's are ours
                LxcDriver fresh = new LxcDriver(factory.settings);
                try (Connection c = fresh.open(URI.create("lxc:///")).orElseThrow()) {
                    for (Domain d : c.listAllDomains()) {
                        if (d.isActive()) {
                            d.destroy();
                        }
                    }
                } finally {
                    fresh.close();
                }
                for (Path group : CgroupLayout.detect().forContainer(cgroupPath).directories()) {
                    Files.deleteIfExists(group); // the driver's part: virtkit-test/remote-XXXX, then virtkit-test
                    try {
                        Files.deleteIfExists(group.getParent());
                    } catch (IOException e) {
                        // another test's containers are below it
                    }
                }
            }
        }
    }

    private ExternalClient.Result virsh(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/virsh", "-c", "lxc+unix:///system?socket=" + socket));
        cmd.addAll(List.of(args));
        return client.run(cmd);
    }

    private String ok(String... args) throws Exception {
        ExternalClient.Result r = virsh(args);
        assertThat(r.exit()).as("virsh %s failed: %s", List.of(args), r.err()).isZero();
        return r.out();
    }

    /** Live (non-zombie) processes whose command line carries this test's marker: the container's init. */
    private List<ProcessHandle> containerProcesses() {
        return ProcessHandle.allProcesses().filter(p -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                if (stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z")) {
                    return false;
                }
                byte[] cmdline = Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "cmdline"));
                return new String(cmdline, StandardCharsets.UTF_8).contains("marker-" + uuid);
            } catch (IOException | RuntimeException e) {
                return false; // exited while we looked
            }
        }).toList();
    }

    @Test
    void connectionReportsTheLxcDriver() throws Exception {
        assertThat(ok("uri").strip()).isEqualTo("lxc+unix:///system?socket=" + socket);
        assertThat(ok("version", "--daemon")).contains("Using API: LXC")
                .containsPattern("Running hypervisor: LXC [0-9]+\\.[0-9]+\\.[0-9]+");
        assertThat(ok("list", "--all")).doesNotContain("running").doesNotContain("shut off");
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
        assertThat(ok("define", xml.toString())).contains("Domain 'box' defined from " + xml);
        assertThat(ok("list", "--all")).containsPattern(" -\\s+box\\s+shut off");

        assertThat(ok("start", "box")).contains("Domain 'box' started");
        assertThat(containerProcesses()).as("the container's init").hasSize(1);
        String list = ok("list", "--all");
        assertThat(list).containsPattern(" [0-9]+\\s+box\\s+running");
        assertThat(ok("list")).as("running domains only").containsPattern(" [0-9]+\\s+box\\s+running");
        assertThat(ok("domstate", "--reason", "box").strip()).isEqualTo("running (booted)");

        String info = ok("dominfo", "box");
        assertThat(info).contains("Name:           box").contains("UUID:           " + uuid)
                .contains("OS Type:        exe").contains("State:          running")
                .contains("CPU(s):         1").contains("Max memory:     65536 KiB")
                .contains("Persistent:     yes").containsPattern("Id:\\s+[0-9]+");
        assertThat(ok("dumpxml", "box")).containsPattern("<domain type='lxc' id='[0-9]+'")
                .contains("<init>/bin/sh</init>");

        assertThat(ok("destroy", "box")).contains("Domain 'box' destroyed");
        assertThat(ok("domstate", "--reason", "box").strip()).isEqualTo("shut off (destroyed)");
        assertThat(ok("list", "--all")).containsPattern(" -\\s+box\\s+shut off");
        // destroy returns once init is gone; the namespace's last processes may take a moment to be reaped
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!containerProcesses().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(containerProcesses()).as("container processes left").isEmpty();

        ExternalClient.Result again = virsh("destroy", "box");
        assertThat(again.exit()).isNotZero();
        assertThat(again.err()).contains("error: Requested operation is not valid: domain is not running");

        assertThat(ok("undefine", "box")).contains("Domain 'box' has been undefined");
        assertThat(ok("list", "--all")).doesNotContain("box");
    }
}
