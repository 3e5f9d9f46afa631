package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * A driver on a test's own directories and cgroup parent, bound to core's factory as DS binds it, with a
 * busybox root filesystem for its containers (root, util-linux and busybox-static needed). Closing it
 * destroys whatever still runs, even after the test restarted the driver, and removes cgroups and files.
 */
final class LxcFixture implements AutoCloseable {

    static final Duration WAIT = Duration.ofSeconds(20);

    final Path base;
    final Path rootfs;
    final String cgroupPath;
    final LxcDriverSettings settings;
    final DefaultConnectionFactory factory;
    LxcDriver driver;
    Connection conn;
    private final List<ContainerCgroup> seenCgroups = new ArrayList<>();

    LxcFixture(String prefix) throws IOException {
        base = Files.createTempDirectory(prefix);
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        cgroupPath = "virtkit-test/lxc-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings);
        factory = LxcTests.factory(driver);
        conn = factory.open("lxc:///");
    }

    /** Defines and starts a container whose init (a shell) waits for ever; its cgroup is removed at close. */
    Domain startWaiting(String name) {
        Domain d = conn.defineDomain("<domain type='lxc'><name>" + name + "</name><memory unit='KiB'>65536</memory>"
                + "<vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                + "<initarg>while :; do sleep 1000 &amp; wait; done</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "</devices></domain>");
        d.start();
        track(name);
        return d;
    }

    /** The running container's cgroup, removed at close should the test leave it. */
    void track(String name) {
        seenCgroups.add(driver.state().cgroup(driver.state().lookupByName(name)));
    }

    /** The driver's bundle going away (its containers keep running); {@link #bind} brings one back. */
    void stopDriver() {
        LxcTests.stop(factory, driver);
    }

    /** {@code next} bound to core's factory in the stopped one's place, and a connection through it. */
    void bind(LxcDriver next) {
        driver = next;
        factory.withHypervisorDriver(next);
        conn = factory.open("lxc:///");
    }

    @Override
    public void close() throws IOException {
        try {
            LxcTests.destroyActive(new LxcDriver(settings));
        } finally {
            try {
                driver.close();
            } finally {
                LxcTests.removeLeftGroups(seenCgroups, WAIT);
                LxcTests.removeCgroups(cgroupPath);
                LxcTests.deleteTree(base);
            }
        }
    }
}
