package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.qemu.testing.TinyLinuxGuest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's virtinst tools end to end over {@code qemu+unix:///system?socket=…} against {@link RemoteServer}
 * backed by the real QEMU driver and the real storage driver: virt-install makes the 'default' pool (a dir
 * pool on {@code /var/lib/libvirt/images}, virtinst's choice for a privileged URI) and a volume for the disk,
 * and boots the tiny guest from it; virt-clone copies that volume through the storage API (the volume found by
 * its path) and the clone boots too; virt-xml edits the clone's inactive definition. Everything goes again:
 * guests, volumes, the pool and whatever directory of {@code /var/lib/libvirt} the test brought into being.
 */
@ExtendWith(TinyLinuxGuest.Extension.class)
class VirtToolsStorageTest {
    static final Path IMAGES = Path.of("/var/lib/libvirt/images");
    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;
    /** Unique per run: in the guests' names, their volumes' names and their QEMU command lines. */
    private final String name = "vt-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    private final String cloneName = name + "-clone";
    /** {@code /var/lib/libvirt} and its {@code images}, those of them missing before the test. */
    private final List<Path> absentBefore = new ArrayList<>();
    private QemuDriverFactory factory;
    private SocketServer server;
    private ExternalClient client;
    private Virsh virsh;

    @BeforeEach
    void start() throws Exception {
        for (String tool : List.of(VirtInstallTest.BINARY, "/usr/bin/virt-clone", "/usr/bin/virt-xml", Virsh.BINARY,
                QemuDriverFactory.EMULATOR)) {
            ExternalClient.requireInstalled(Path.of(tool));
        }
        for (Path p = IMAGES; p != null && !Files.exists(p); p = p.getParent()) {
            absentBefore.add(p);
        }
        factory = QemuDriverFactory.withStorage(dir.resolve("drivers"));
        server = SocketServer.start(dir, factory);
        client = new ExternalClient(dir);
        virsh = new Virsh(client, server.uri("qemu:///system"));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                // a failed test's leftovers: each step may already be done, so their failures are expected
                for (String guest : List.of(cloneName, name)) {
                    virsh.run("destroy", guest);
                    virsh.run("undefine", guest);
                }
                for (String volume : List.of(cloneName + ".qcow2", name + ".qcow2")) {
                    virsh.run("vol-delete", "--pool", "default", volume);
                }
                virsh.run("pool-destroy", "default");
                virsh.run("pool-undefine", "default");
                server.close();
            }
        } finally {
            try {
                if (factory != null) {
                    factory.close();
                }
            } finally {
                for (ProcessHandle p : MarkedProcesses.find(name)) {
                    p.destroyForcibly();
                    p.onExit().get(10, TimeUnit.SECONDS);
                }
                try (var files = Files.exists(IMAGES) ? Files.list(IMAGES) : java.util.stream.Stream.<Path>empty()) {
                    for (Path f : files.filter(f -> f.getFileName().toString().startsWith(name)).toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                for (Path p : absentBefore) { // deepest first; only empty ones, as ours would be
                    if (Files.isDirectory(p) && isEmpty(p)) {
                        Files.delete(p);
                    }
                }
            }
        }
    }

    private static boolean isEmpty(Path directory) throws Exception {
        try (var entries = Files.list(directory)) {
            return entries.findAny().isEmpty();
        }
    }

    private ExternalClient.Result tool(String binary, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(binary, "--connect", server.uri("qemu:///system"), "--debug"));
        cmd.addAll(List.of(args));
        return client.run(cmd);
    }

    private static void assertSucceeded(String what, ExternalClient.Result r) {
        assertThat(r.exit()).as("%s failed:%n%s%n%s", what, r.out(), r.err()).isZero();
    }

    /** The path of the one file disk of {@code guest}'s inactive definition. */
    private String diskSource(String guest) throws Exception {
        Matcher m = Pattern.compile("<disk type='file' device='disk'>.*?<source file='([^']+)'", Pattern.DOTALL)
                .matcher(virsh.ok("dumpxml", "--inactive", guest));
        assertThat(m.find()).as("a file disk in %s's definition", guest).isTrue();
        return m.group(1);
    }

    /** {@code vol-info --bytes}'s value of {@code field} (Capacity, Allocation) for the volume at {@code path}. */
    private long volInfo(String path, String field) throws Exception {
        Matcher m = Pattern.compile("(?m)^" + field + ":\\s+(\\d+) bytes$").matcher(virsh.ok("vol-info", "--bytes",
                path));
        assertThat(m.find()).as("%s in vol-info", field).isTrue();
        return Long.parseLong(m.group(1));
    }

    @Test
    void virtInstallMakesTheDefaultPoolAndAVolumeVirtCloneCopiesItAndVirtXmlEditsTheClone(TinyLinuxGuest guest)
            throws Exception {
        Path console = dir.resolve("console.log");
        ExternalClient.Result installed = tool(VirtInstallTest.BINARY, "--name", name,
                "--memory", "256", "--vcpus", "1", "--disk", "size=1",
                "--network", "none", "--graphics", "none", "--osinfo", "detect=on,require=off",
                "--boot", "kernel=" + guest.kernel() + ",initrd=" + guest.initrd() + ",kernel_args=" + guest.cmdline(),
                "--serial", "file,path=" + console, "--console", "file,path=" + console + ",target.type=serial",
                "--import", "--noautoconsole");
        assertSucceeded("virt-install", installed);
        assertThat(installed.out()).contains("Domain creation completed.");
        QemuRemoteTest.awaitText(console, TinyLinuxGuest.READY_MARKER, 120);
        assertThat(virsh.ok("domstate", "--reason", name).strip()).isEqualTo("running (booted)");

        // the pool virt-install made: 'default', a dir pool on virtinst's privileged path, started and autostarted
        assertThat(virsh.ok("pool-dumpxml", "default")).contains("<pool type='dir'>")
                .contains("<path>" + IMAGES + "</path>");
        assertThat(virsh.ok("pool-info", "default")).containsPattern("(?m)^State:\\s+running$")
                .containsPattern("(?m)^Autostart:\\s+yes$").containsPattern("(?m)^Persistent:\\s+yes$");
        // its volume, of 1 GiB, is the guest's disk
        Path volume = IMAGES.resolve(name + ".qcow2");
        assertThat(virsh.ok("vol-list", "default")).containsPattern(Pattern.quote(name + ".qcow2") + "\\s+"
                + Pattern.quote(volume.toString()));
        assertThat(volInfo(volume.toString(), "Capacity")).isEqualTo(GIB);
        assertThat(volume).isRegularFile();
        assertThat(diskSource(name)).isEqualTo(volume.toString());

        // virt-clone needs the original shut off; it copies the volume through the pool, found by its path
        assertThat(virsh.ok("destroy", name)).contains("Domain '" + name + "' destroyed");
        MarkedProcesses.assertNoneLeft(name, "QEMU processes left");
        ExternalClient.Result cloned = tool("/usr/bin/virt-clone", "--original", name, "--name", cloneName,
                "--auto-clone");
        assertSucceeded("virt-clone", cloned);
        assertThat(cloned.out()).contains("Clone '" + cloneName + "' created successfully.");
        Path cloneVolume = IMAGES.resolve(cloneName + ".qcow2");
        assertThat(virsh.ok("vol-list", "default")).contains(cloneVolume.toString());
        assertThat(diskSource(cloneName)).isEqualTo(cloneVolume.toString());
        assertThat(volInfo(cloneVolume.toString(), "Capacity")).isEqualTo(GIB);
        // a copy of a sparse image stays sparse, as libvirt's does
        assertThat(volInfo(cloneVolume.toString(), "Allocation")).isLessThan(GIB / 16);

        // the clone boots from its own disk (the console file is the original's: start afresh)
        Files.delete(console);
        assertThat(virsh.ok("start", cloneName)).contains("Domain '" + cloneName + "' started");
        QemuRemoteTest.awaitText(console, TinyLinuxGuest.READY_MARKER, 120);
        assertThat(MarkedProcesses.find(name)).as("one QEMU, the clone's").hasSize(1);
        assertThat(virsh.ok("destroy", cloneName)).contains("Domain '" + cloneName + "' destroyed");
        MarkedProcesses.assertNoneLeft(name, "QEMU processes left");

        // virt-xml edits the clone's inactive definition
        int memoryMib = 320;
        ExternalClient.Result edited = tool("/usr/bin/virt-xml", cloneName, "--edit", "--memory",
                Integer.toString(memoryMib));
        assertSucceeded("virt-xml", edited);
        assertThat(edited.out()).contains("Domain '" + cloneName + "' defined successfully.");
        assertThat(virsh.ok("dumpxml", cloneName)).contains("<memory unit='KiB'>" + memoryMib * 1024 + "</memory>");

        // everything goes: the clone with its storage (virsh finds the volume by the disk's path), the original
        // and its volume apart, then the pool
        assertThat(virsh.ok("undefine", "--remove-all-storage", cloneName))
                .contains("Domain '" + cloneName + "' has been undefined")
                .contains("Volume 'hda'(" + cloneVolume + ") removed.");
        assertThat(cloneVolume).doesNotExist();
        assertThat(virsh.ok("undefine", name)).contains("Domain '" + name + "' has been undefined");
        assertThat(virsh.ok("vol-delete", volume.toString())).contains("Vol " + volume + " deleted");
        assertThat(volume).doesNotExist();
        assertThat(virsh.ok("vol-list", "default")).doesNotContain(name);
        assertThat(virsh.ok("pool-destroy", "default")).contains("Pool default destroyed");
        if (absentBefore.contains(IMAGES)) { // the pool's build made the directory: its delete removes it
            assertThat(virsh.ok("pool-delete", "default")).contains("Pool default deleted");
            assertThat(IMAGES).doesNotExist();
        }
        assertThat(virsh.ok("pool-undefine", "default")).contains("Pool default has been undefined");
        assertThat(virsh.ok("pool-list", "--all", "--name").strip()).isEmpty();
    }
}
