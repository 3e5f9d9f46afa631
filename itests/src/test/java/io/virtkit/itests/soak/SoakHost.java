package io.virtkit.itests.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import io.virtkit.itests.hosts.FixtureFiles;
import io.virtkit.itests.hosts.HostCommand;
import io.virtkit.itests.hosts.HostsFixture;
import io.virtkit.itests.hosts.Namespaces;
import io.virtkit.itests.hosts.TestPki;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * The soak's host: Virtkit's distribution as users run it ({@link VirtkitDaemon}: {@code bin/karaf server}) in a
 * network namespace of its own ({@value #NETNS}, loopback only), so every QEMU it starts is found and killed with the
 * namespace whatever happens; the clients reach its read-write UNIX socket from outside (a socket is a file). Its
 * directory is under {@code /tmp}, mode 0711, not under the checkout: QEMU runs as an unprivileged user and must
 * traverse the driver's directories, and a CI checkout may sit in a directory only root can enter.
 */
public final class SoakHost extends HostsFixture {

    static final String NETNS = "vksk-soak";
    /** The fixed directory: a crashed run's leftovers are found and removed by the next. */
    public static final Path DIR = Path.of("/tmp/vksk-soak");
    private static final String ADDRESS = "127.0.0.1";
    private static final Duration BOUND = Duration.ofSeconds(120);

    private VirtkitDaemon daemon;

    private SoakHost(Path dir) {
        super(dir);
    }

    /** Starts the distribution in {@link #DIR} (emptied first), ready for clients on the test and QEMU drivers. */
    public static SoakHost start() throws Exception {
        Path dir = freshDir(DIR, () -> Namespaces.removeLeftovers(NETNS));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        return made(new SoakHost(dir));
    }

    @Override
    protected void make() throws Exception {
        Namespaces.ip("netns", "add", NETNS);
        Namespaces.ip("-n", NETNS, "link", "set", "lo", "up");
        TestPki pki = TestPki.create(dir.resolve("pki"), ADDRESS);
        daemon = VirtkitDaemon.install("soak", NETNS, ADDRESS, FixtureFiles.distributionTarball(),
                dir.resolve("daemon"), pki);
        opened.add(0, daemon);
        daemon.start();
        awaitTestDriver();
    }

    /** The distribution boots the test driver too, but the daemon's start waits only for the QEMU driver's features. */
    private void awaitTestDriver() throws InterruptedException {
        long deadline = System.nanoTime() + BOUND.toNanos();
        HostCommand.Result uri = virsh(SoakDriver.TEST, "uri");
        while (!uri.ok()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the test driver did not answer within " + BOUND + ": " + uri + "\n"
                        + daemon.logTail());
            }
            Thread.sleep(200);
            uri = virsh(SoakDriver.TEST, "uri");
        }
    }

    Path socket() {
        return daemon.socket();
    }

    long daemonPid() {
        return daemon.jvmPid();
    }

    /** Where the clients keep their files (XML, the python script, virsh's HOME). */
    Path clientDir() throws IOException {
        return Files.createDirectories(dir.resolve("clients"));
    }

    /** virsh on one of the daemon's drivers, from outside the namespace as the clients call it. */
    HostCommand.Result virsh(SoakDriver driver, String... args) {
        String[] command = new String[args.length + 4];
        command[0] = "virsh";
        command[1] = "-q";
        command[2] = "-c";
        command[3] = driver.uri(socket());
        System.arraycopy(args, 0, command, 4, args.length);
        return HostCommand.run(BOUND, command);
    }

    @Override
    protected List<VirtkitDaemon> hostDaemons() {
        return daemon == null ? List.of() : List.of(daemon);
    }

    @Override
    protected void removeNamespaces() {
        Namespaces.delete(NETNS);
    }
}
