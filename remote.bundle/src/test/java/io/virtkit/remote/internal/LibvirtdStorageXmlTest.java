package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libvirtd 9.0's storage driver as the reference for Virtkit's: both serve a dir pool on the same directory of
 * images (a sparse raw file, qcow2 with lazy refcounts, qcow2 compat 0.10, a qcow2 overlay on the raw file, one
 * whose backing file is gone, qcow2 with extended L2 entries and 128 KiB clusters, a file copied in with its own
 * mode and an odd size, a symbolic link, a subdirectory, a fifo), and virsh's {@code pool-dumpxml}, {@code vol-list --details},
 * {@code vol-dumpxml} and {@code vol-info} must say the same of both, but for the pool's uuid (the directory is a
 * tmpfs of the test's, whose free space nothing else moves); so must their refusals of a reflink clone.
 */
class LibvirtdStorageXmlTest {
    private static final Pattern UUID = Pattern.compile("<uuid>[^<]*</uuid>");

    @TempDir
    Path dir;
    private Path pool;
    private final List<String> volumes = List.of("copied.img", "ext.qcow2", "lazy.qcow2", "link.img", "old.qcow2",
            "orphan.qcow2", "over.qcow2", "raw.img", "sub");
    private boolean mounted;
    private ReferenceLibvirtd libvirtd;
    private QemuDriverFactory factory;
    private SocketServer server;
    private Virsh reference;
    private Virsh virtkit;

    @BeforeEach
    void start() throws Exception {
        for (String tool : List.of(ReferenceLibvirtd.BINARY, Virsh.BINARY)) {
            ExternalClient.requireInstalled(Path.of(tool));
        }
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x")); // the daemon's user passes
        pool = Files.createDirectory(dir.resolve("pool"));
        // a file system of the test's own: its free space is the same whenever either daemon reads it
        run(List.of("mount", "-t", "tmpfs", "-o", "size=64m,mode=0755", "vk-libvirtd-xml", pool.toString()));
        mounted = true;
        makeImages();
        libvirtd = ReferenceLibvirtd.start(dir.resolve("libvirtd"));
        factory = QemuDriverFactory.withStorage(dir.resolve("drivers"));
        server = SocketServer.start(dir, factory);
        ExternalClient client = new ExternalClient(dir);
        reference = new Virsh(client, libvirtd.uri());
        virtkit = new Virsh(client, server.uri("qemu:///system"));
        Path xml = Files.writeString(dir.resolve("pool.xml"),
                "<pool type='dir'><name>ref</name><target><path>" + pool + "</path></target></pool>");
        reference.ok("pool-create", xml.toString());
        virtkit.ok("pool-create", xml.toString());
    }

    private void makeImages() throws Exception {
        qemuImg("create", "-q", "-f", "raw", "raw.img", "10M");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "compat=1.1,lazy_refcounts=on", "lazy.qcow2", "20M");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "compat=0.10", "old.qcow2", "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-b", "raw.img", "-F", "raw", "over.qcow2");
        qemuImg("create", "-q", "-f", "qcow2", "-o", "extended_l2=on,cluster_size=128k", "ext.qcow2", "5M");
        qemuImg("create", "-q", "-f", "raw", "gone.img", "1M");
        qemuImg("create", "-q", "-f", "qcow2", "-b", "gone.img", "-F", "raw", "orphan.qcow2");
        Files.delete(pool.resolve("gone.img")); // its backing store's path and format, no stat of it
        Files.createSymbolicLink(pool.resolve("link.img"), Path.of("raw.img"));
        Files.write(pool.resolve("copied.img"), new byte[12345]);
        Files.writeString(Files.createDirectory(pool.resolve("sub")).resolve("inside"), "a dir volume's file");
        run(List.of("mkfifo", pool.resolve("fifo").toString())); // no volume of either
        Files.setPosixFilePermissions(pool.resolve("copied.img"), PosixFilePermissions.fromString("rw-r-----"));
        ReferenceLibvirtd.giveToUser(pool);
        for (String v : volumes) {
            ReferenceLibvirtd.giveToUser(pool.resolve(v));
        }
        // relatime moves a file's atime at its first read after a change (chown is one); a read now, a clock tick
        // after the chown, moves it once, so that neither daemon's probe moves it again under the other
        Thread.sleep(20);
        for (String v : volumes) {
            if (Files.isDirectory(pool.resolve(v))) {
                try (var entries = Files.list(pool.resolve(v))) {
                    entries.count();
                }
            } else {
                try (var in = Files.newInputStream(pool.resolve(v))) {
                    in.read();
                }
            }
        }
    }

    private void qemuImg(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("qemu-img"));
        cmd.addAll(List.of(args));
        run(cmd);
    }

    private void run(List<String> cmd) throws Exception {
        // in the pool for qemu-img's relative backing names, outside it for umount
        Path cwd = cmd.get(0).equals("qemu-img") ? pool : dir;
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("%s: %s", cmd, out).isZero();
    }

    /**
     * Each in turn whatever the one before did: the pool, the server, the drivers, libvirtd (its pool too), then
     * the pool's file system.
     */
    @AfterEach
    void stop() throws Exception {
        List<AutoCloseable> steps = new ArrayList<>();
        if (server != null) {
            steps.add(() -> virtkit.run("pool-destroy", "ref"));
            steps.add(server::close);
        }
        if (factory != null) {
            steps.add(factory::close);
        }
        if (libvirtd != null) {
            steps.add(libvirtd);
        }
        if (mounted) {
            steps.add(() -> run(List.of("umount", pool.toString())));
        }
        Exception failure = null;
        for (AutoCloseable step : steps) {
            try {
                step.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Test
    void volumesAreDescribedAsLibvirtdDescribesThem() throws Exception {
        for (String v : volumes) {
            assertThat(virtkit.ok("vol-dumpxml", "--pool", "ref", v)).as("vol-dumpxml %s", v)
                    .isEqualTo(reference.ok("vol-dumpxml", "--pool", "ref", v));
            assertThat(virtkit.ok("vol-info", "--bytes", "--pool", "ref", v)).as("vol-info %s", v)
                    .isEqualTo(reference.ok("vol-info", "--bytes", "--pool", "ref", v));
        }
        assertThat(virtkit.ok("vol-list", "--details", "ref"))
                .isEqualTo(reference.ok("vol-list", "--details", "ref"));
    }

    /**
     * New qcow2 volumes get libvirt's compat level (0.10 unless the XML has {@code <features>}), cluster size and
     * features from either daemon: qemu-img tells the same of both images but their names and disk usage.
     */
    @Test
    void newQcow2VolumesAreMadeAsLibvirtdMakesThem() throws Exception {
        List<String> targets = List.of("", "<features/>", "<features><lazy_refcounts/></features>",
                "<clusterSize unit='KiB'>128</clusterSize><features><extended_l2/></features>",
                "<compat>1.1</compat>");
        for (int i = 0; i < targets.size(); i++) {
            for (Virsh daemon : List.of(reference, virtkit)) {
                String name = (daemon == reference ? "ref-" : "vk-") + i + ".qcow2";
                Path xml = Files.writeString(dir.resolve(name + ".xml"), "<volume><name>" + name + "</name>"
                        + "<capacity>1048576</capacity><target><format type='qcow2'/>" + targets.get(i)
                        + "</target></volume>");
                daemon.ok("vol-create", "ref", xml.toString());
            }
            assertThat(imageInfo("vk-" + i + ".qcow2")).as("the image of %s", targets.get(i))
                    .isEqualTo(imageInfo("ref-" + i + ".qcow2"));
        }
    }

    /** What qemu-img tells of an image in the pool, but its name and disk usage. */
    private String imageInfo(String name) throws Exception {
        Process p = new ProcessBuilder("qemu-img", "info", "-U", pool.resolve(name).toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as("qemu-img info %s: %s", name, out).isZero();
        return out.replaceAll("(?m)^(image|disk size):.*\n", "");
    }

    @Test
    void reflinkClonesFailAsInLibvirtd() throws Exception {
        for (String[] clone : List.of(new String[] {"raw.img", "rr.img"}, new String[] {"lazy.qcow2", "lr.qcow2"})) {
            ExternalClient.Result mine = virtkit.run("vol-clone", "--pool", "ref", clone[0], clone[1], "--reflink");
            ExternalClient.Result theirs = reference.run("vol-clone", "--pool", "ref", clone[0], clone[1], "--reflink");
            assertThat(theirs.exit()).as("libvirtd's reflink clone of %s", clone[0]).isNotZero();
            assertThat(mine.exit()).isEqualTo(theirs.exit());
            assertThat(mine.err()).isEqualTo(theirs.err());
            assertThat(pool.resolve(clone[1])).doesNotExist();
        }
    }

    @Test
    void poolIsDescribedAsLibvirtdDescribesIt() throws Exception {
        assertThat(normalised(virtkit.ok("pool-dumpxml", "ref"))).isEqualTo(normalised(reference.ok("pool-dumpxml", "ref")));
        assertThat(virtkit.ok("pool-info", "--bytes", "ref").replaceAll("UUID:.*", ""))
                .isEqualTo(reference.ok("pool-info", "--bytes", "ref").replaceAll("UUID:.*", ""));
    }

    /** The pool's XML without its uuid, which two daemons must differ in. */
    private static String normalised(String xml) {
        return UUID.matcher(xml).replaceAll("<uuid/>");
    }
}
