package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * A real container in its own user namespace ({@code <idmap>}; needs root, util-linux and busybox-static):
 * its root is the host's uid 100000, not the host's root. The root filesystem and the shared directory
 * belong to that uid, as libvirt asks of an idmapped container's files, and the temporary directory above
 * them is searchable by it.
 */
class LxcUserNamespaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int TARGET = 100_000;
    private static final String IDMAP = "<idmap><uid start='0' target='" + TARGET + "' count='65536'/>"
            + "<gid start='0' target='" + TARGET + "' count='65536'/></idmap>";

    /** Records what the container's root sees, then waits; SIGTERM ends it. */
    private static final String INIT = "trap 'exit 0' TERM; id -u > /shared/uid.tmp; id -g >> /shared/uid.tmp;"
            + " echo x > /dev/null && head -c 16 /dev/urandom | wc -c > /shared/devices;"
            + " echo hello-from-the-mapped-console > /dev/console;"
            + " cat /proc/self/mounts > /shared/mounts; (echo x > /ro/x) 2>/dev/null && echo rw > /shared/ro"
            + " || echo ro > /shared/ro; mv /shared/uid.tmp /shared/uid;"
            + " while :; do sleep 1000 & wait; done";

    private Path base;
    private Path rootfs;
    private Path shared;
    private Path readonly;
    private String cgroupPath;
    private LxcDriverSettings settings;
    private LxcDriver driver;
    private Connection conn;

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory("virtkit-lxc-userns");
        // the container's root (host uid 100000) must get through it to its files, as with libvirt
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwx--x--x"));
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        Files.createSymbolicLink(rootfs.resolve("bin/id"), Path.of("busybox"));
        Files.createSymbolicLink(rootfs.resolve("bin/mv"), Path.of("busybox"));
        shared = Files.createDirectories(base.resolve("shared"));
        readonly = Files.createDirectories(base.resolve("ro"));
        chownTree(rootfs);
        chownTree(shared);
        chownTree(readonly);
        cgroupPath = "virtkit-test/userns-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings);
        conn = LxcTests.open(driver);
    }

    @AfterEach
    void tearDown() throws IOException {
        LxcTests.closeAndClean(conn, driver, cgroupPath, base);
    }

    private static void chownTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                Files.setAttribute(p, "unix:uid", TARGET, LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(p, "unix:gid", TARGET, LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private String xml(String name, String idmap, Path sharedDir) {
        return "<domain type='lxc'><name>" + name + "</name><memory unit='MiB'>64</memory>"
                + "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg><initarg>"
                + LxcTests.xmlText(INIT) + "</initarg></os>" + idmap
                + "<devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "<filesystem type='mount'><source dir='" + sharedDir + "'/><target dir='/shared'/></filesystem>"
                + "<filesystem type='mount'><source dir='" + readonly + "'/><target dir='/ro'/><readonly/>"
                + "</filesystem>"
                + "</devices></domain>";
    }

    private static boolean await(BooleanSupplier done) throws InterruptedException {
        return LxcTests.await(WAIT, done);
    }

    private String awaitFile(String name) throws Exception {
        Path f = shared.resolve(name);
        assertThat(await(() -> Files.exists(f))).as("container wrote " + name + "; console: %s", consoleLog())
                .isTrue();
        return Files.readString(f).strip();
    }

    private String consoleLog() {
        try {
            return Files.readString(settings.log().resolve("mapped.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static String statusLine(long pid, String key) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith(key + ":")).findFirst().orElseThrow();
    }

    @Test
    void theContainersRootIsAnUnprivilegedHostUser() throws Exception {
        Domain d = conn.defineDomain(xml("mapped", IDMAP, shared));
        d.start();
        long pid = driver.state().initPid(driver.state().lookupByName("mapped"));
        ContainerCgroup cgroup = driver.state().cgroup(driver.state().lookupByName("mapped"));

        // inside: root, with working devices and its console
        assertThat(awaitFile("uid").lines()).containsExactly("0", "0");
        assertThat(awaitFile("devices")).isEqualTo("16");
        assertThat(awaitFile("ro")).as("a <readonly/> filesystem, though its files are the container's")
                .isEqualTo("ro");
        assertThat(readonly.resolve("x")).doesNotExist();
        assertThat(awaitFile("mounts")).contains(" /proc proc ", " /sys sysfs ro,", " /dev tmpfs ",
                " /dev/pts devpts ", " /shared ");
        assertThat(await(() -> consoleLog().contains("hello-from-the-mapped-console"))).as(consoleLog()).isTrue();
        // the files it made are the mapped uid's on the host
        assertThat(Files.getAttribute(shared.resolve("uid"), "unix:uid")).isEqualTo(TARGET);
        // outside: its init is uid 100000, in a user namespace of its own with the mapping
        assertThat(statusLine(pid, "Uid").split("\\s+")).containsExactly("Uid:", "100000", "100000", "100000",
                "100000");
        assertThat(statusLine(pid, "Gid").split("\\s+")).containsExactly("Gid:", "100000", "100000", "100000",
                "100000");
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "uid_map")).strip().split("\\s+"))
                .containsExactly("0", "100000", "65536");
        assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "gid_map")).strip().split("\\s+"))
                .containsExactly("0", "100000", "65536");
        // a root's usual capability sets in its namespace: nothing inheritable or ambient left from the start
        assertThat(statusLine(pid, "CapInh").split("\\s+")[1]).isEqualTo("0000000000000000");
        assertThat(statusLine(pid, "CapAmb").split("\\s+")[1]).isEqualTo("0000000000000000");
        assertThat(statusLine(pid, "CapEff").split("\\s+")[1]).as("every capability its bounding set allows")
                .isEqualTo(statusLine(pid, "CapBnd").split("\\s+")[1]);
        // less what libvirt drops (module loading, clock, mknod, audit control, LSM admin), as without <idmap>
        long bounding = Long.parseUnsignedLong(statusLine(pid, "CapBnd").split("\\s+")[1], 16);
        for (int dropped : new int[] {16, 25, 27, 30, 33}) {
            assertThat(bounding & (1L << dropped)).as("capability %d in the bounding set", dropped).isZero();
        }
        assertThat(bounding & (1L << 21)).as("CAP_SYS_ADMIN (in its own namespaces) stays").isNotZero();
        assertThat(Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "user")))
                .isNotEqualTo(Files.readSymbolicLink(Path.of("/proc/self/ns/user")));
        Path mntNs = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "mnt"));
        List<Long> processes = List.copyOf(cgroup.processes());
        assertThat(processes).contains(pid);

        d.destroy();

        assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        for (long p : processes) {
            assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)).as("pid " + p).isFalse();
        }
        assertThat(cgroup.exists()).isFalse();
        try (Stream<Path> files = Files.list(settings.runtime())) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("mapped"));
        }
        assertThat(await(() -> LxcTests.noProcessIn(mntNs))).as("no process left in the container's mount namespace")
                .isTrue();
        assertThat(Files.readString(Path.of("/proc/self/mountinfo"))).doesNotContain(rootfs.toString());
    }

    @Test
    void aSourceTheContainersRootCannotReachIsRefusedBeforeAnythingIsCreated() throws Exception {
        Path hidden = Files.createDirectories(base.resolve("private/data"));
        Files.setPosixFilePermissions(hidden.getParent(), PosixFilePermissions.fromString("rwx------"));

        assertThatThrownBy(() -> conn.createDomain(xml("mapped", IDMAP, hidden)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.LXC);
                    assertThat(e.getMessage()).contains("'" + hidden + "'", "cannot search '" + hidden.getParent()
                            + "'");
                });
        assertThat(conn.listAllDomains()).isEmpty();
        assertThat(settings.runtime().resolve("mapped.xml")).doesNotExist();
        assertThat(CgroupLayout.detect().forContainer(cgroupPath + "/mapped").exists()).isFalse();

        // the same directory owned by the mapped root is fine: its capabilities count there
        Files.setAttribute(hidden.getParent(), "unix:uid", TARGET);
        Files.setAttribute(hidden.getParent(), "unix:gid", TARGET);
        UserNamespace.checkReachable(LxcState.prepare(io.virtkit.model.domain.DomainXmlCodec.parse(
                xml("mapped", IDMAP, hidden))).idmap(), hidden);
    }
}
