package io.virtkit.lxc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * What the tests of real containers share (published in this bundle's test-jar, for remote.bundle's
 * LXC-over-RPC test too): waiting for a container, and leaving nothing behind, running containers,
 * cgroups or files, whatever the test did.
 */
public final class LxcTests {
    private LxcTests() {
    }

    /** Core's connection factory with {@code driver} registered, as DS binds it: what tests open lxc:/// through. */
    public static DefaultConnectionFactory factory(LxcDriver driver) {
        return new DefaultConnectionFactory().withHypervisorDriver(driver);
    }

    /** A connection to lxc:/// through core, with {@code driver} alone behind it. */
    public static Connection open(LxcDriver driver) {
        return factory(driver).open("lxc:///");
    }

    /**
     * The driver's bundle going away, in DS's order: core unbinds it (its connections are dead from then on),
     * then the driver deactivates, leaving its containers running.
     */
    public static void stop(DefaultConnectionFactory factory, LxcDriver driver) {
        factory.removeHypervisorDriver(driver);
        driver.close();
    }

    /**
     * Destroys every running container {@code driver} sees, then closes it. Given a fresh driver on a test's
     * settings, it finds the containers even after the test restarted its own, or left them running (a closing
     * driver does, as libvirtd does).
     */
    public static void destroyActive(LxcDriver driver) {
        try (Connection c = open(driver)) {
            for (Domain d : c.listAllDomains()) {
                if (d.isActive()) {
                    d.destroy();
                }
            }
        } finally {
            driver.close();
        }
    }

    /**
     * A test's tear-down: closes its connection, destroys what {@code driver} still runs, then removes the
     * test's cgroup parent and its directory whatever happened before.
     */
    public static void closeAndClean(Connection conn, LxcDriver driver, String cgroupPath, Path base) throws IOException {
        try {
            conn.close();
            destroyActive(driver);
        } finally {
            removeCgroups(cgroupPath);
            deleteTree(base);
        }
    }

    /** Kills and removes the groups a test saw that still exist: the driver could not stop their containers. */
    public static void removeLeftGroups(List<ContainerCgroup> groups, Duration wait) {
        for (ContainerCgroup g : groups) {
            if (g.exists()) {
                g.killAll(wait);
                g.remove(wait);
            }
        }
    }

    /**
     * Removes the driver's part of the cgroup tree, {@code cgroupPath} (e.g. virtkit-test/lxc-XXXX) in each
     * hierarchy, and its parent unless another test's groups are still below it.
     */
    public static void removeCgroups(String cgroupPath) throws IOException {
        for (Path dir : CgroupLayout.detect().forContainer(cgroupPath).directories()) {
            Files.deleteIfExists(dir);
            try {
                Files.deleteIfExists(dir.getParent());
            } catch (IOException e) {
                // another test's groups are still there
            }
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Whether {@code done} became true within {@code wait}. */
    public static boolean await(Duration wait, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    /** Whether {@code file} (written by a container into a directory it shares) became non-blank within {@code wait}. */
    public static boolean awaitNonBlank(Path file, Duration wait) throws InterruptedException {
        return await(wait, () -> {
            try {
                return Files.exists(file) && !Files.readString(file).isBlank();
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** Whether no process is left in the mount namespace {@code mntNs} (a /proc/PID/ns/mnt link's target). */
    public static boolean noProcessIn(Path mntNs) {
        return ProcessHandle.allProcesses().noneMatch(p -> {
            try {
                return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "ns", "mnt")).equals(mntNs);
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** {@code text} as XML character data (an init argument in a domain's XML). */
    public static String xmlText(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
