package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.lxc.internal.LxcDriver;
import io.virtkit.lxc.internal.LxcDriverSettings;
import io.virtkit.lxc.internal.cgroup.CgroupLayout;

/**
 * The LXC driver's container start and destroy latency, on real busybox containers (as root; util-linux
 * and busybox-static needed):
 * <ol>
 * <li>the floor: util-linux {@code unshare} with the same namespaces (PID, mount, UTS, IPC, net) running
 * busybox {@code true} to exit, which any container start pays;</li>
 * <li>Virtkit define + start until the domain is RUNNING (init exec'd in its pivoted root, in its cgroups),
 * then destroy until SHUT OFF (every process killed through the cgroup, cgroup removed), one container at
 * a time, N times.</li>
 * </ol>
 * Usage: {@code java -cp benchmarks.jar io.virtkit.bench.LxcBench [containers]} (default 30; the first
 * is warm-up and left out). The anchor from the issue: Debian's lxc 5.0 starts a busybox container here in
 * ~32 ms and stops it in ~38 ms.
 */
public final class LxcBench {

    private static final String BUSYBOX = "/bin/busybox";

    public static void main(String[] args) throws Exception {
        int containers = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        if (containers < 2) {
            throw new IllegalArgumentException("at least 2 containers (the first is warm-up)");
        }
        Path base = Files.createTempDirectory("virtkit-lxc-bench");
        String cgroupPath = "virtkit-bench/lxc-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            Path rootfs = busyboxRootfs(base.resolve("rootfs"));
            long[] floor = bareUnshare(containers);
            LxcDriver driver = new LxcDriver(LxcDriverSettings.forTests(base.resolve("driver"), cgroupPath));
            long[][] virtkit;
            try (Connection conn = new DefaultConnectionFactory().withHypervisorDriver(driver).open("lxc:///")) {
                virtkit = startDestroy(conn, rootfs, base.resolve("driver").resolve("log"), containers);
            } finally {
                driver.close();
            }
            System.out.printf("%d busybox containers one after another (first is warm-up and left out), "
                    + "64 MiB, init /bin/sh; cgroup v%d%n", containers, CgroupLayout.detect().version());
            report("unshare (same namespaces) + true", floor);
            report("virtkit define+start to RUNNING", virtkit[0]);
            report("virtkit destroy to SHUT OFF", virtkit[1]);
        } finally {
            removeCgroups(cgroupPath);
            deleteTree(base);
        }
    }

    /** A root filesystem of busybox-static alone, with the applets the container's init uses. */
    private static Path busyboxRootfs(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.copy(Path.of(BUSYBOX), bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING);
        for (String applet : List.of("sh", "sleep")) {
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        return dir;
    }

    private static long[] bareUnshare(int rounds) throws Exception {
        long[] times = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder("unshare", "--pid", "--fork", "--mount", "--uts", "--ipc", "--net",
                    BUSYBOX, "true").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("unshare failed (exit " + (p.isAlive() ? "-" : p.exitValue()) + ")");
            }
            times[i] = System.nanoTime() - t0;
        }
        return times;
    }

    private static long[][] startDestroy(Connection conn, Path rootfs, Path log, int rounds) {
        long[] start = new long[rounds];
        long[] destroy = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            String xml = domainXml("bench-" + i, rootfs); // built before the clock starts
            long t0 = System.nanoTime();
            Domain d = conn.defineDomain(xml);
            try {
                d.start();
                expect(d, DomainState.RUNNING);
                start[i] = System.nanoTime() - t0;
                long t1 = System.nanoTime();
                try {
                    d.destroy();
                } catch (RuntimeException e) {
                    // a container that stopped by itself between start and destroy is a driver bug: say what it left
                    throw new IllegalStateException(d.name() + " could not be destroyed (state " + d.state()
                            + "); its console log:\n" + readQuietly(log.resolve(d.name() + ".log")), e);
                }
                expect(d, DomainState.SHUTOFF);
                destroy[i] = System.nanoTime() - t1;
            } finally {
                if (d.isActive()) {
                    try {
                        d.destroy();
                    } catch (RuntimeException e) {
                        // it stopped meanwhile: what matters is what the try block threw
                    }
                }
                d.undefine();
            }
        }
        return new long[][] {start, destroy};
    }

    private static void expect(Domain d, DomainState state) {
        if (d.state().state() != state) {
            throw new IllegalStateException(d.name() + " is " + d.state() + ", expected " + state.label());
        }
    }

    private static String domainXml(String name, Path rootfs) {
        return "<domain type='lxc'><name>" + name + "</name><uuid>" + UUID.randomUUID() + "</uuid>"
                + "<memory unit='MiB'>64</memory><vcpu>1</vcpu>"
                + "<os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                + "<initarg>trap 'exit 0' TERM; while :; do sleep 1000 &amp; wait; done</initarg></os>"
                + "<devices><filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "</devices></domain>";
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    /** Samples without the warm-up, sorted. */
    private static long[] measured(long[] samples) {
        long[] s = Arrays.copyOfRange(samples, 1, samples.length);
        Arrays.sort(s);
        return s;
    }

    private static void report(String what, long[] samples) {
        long[] s = measured(samples);
        double mean = Arrays.stream(s).average().orElse(0);
        long p90 = s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.9) - 1)];
        System.out.printf("%-34s mean %6.1f ms   median %6.1f ms   p90 %6.1f ms   min %6.1f ms   max %6.1f ms%n",
                what, mean / 1e6, s[s.length / 2] / 1e6, p90 / 1e6, s[0] / 1e6, s[s.length - 1] / 1e6);
    }

    /** The driver removes each container's group; the bench's parent groups are left to remove. */
    private static void removeCgroups(String cgroupPath) {
        for (Path group : CgroupLayout.detect().forContainer(cgroupPath).directories()) {
            for (Path p = group; p != null && p.getFileName() != null; p = p.getParent()) {
                try {
                    Files.deleteIfExists(p); // rmdir: an empty group only
                } catch (IOException e) {
                    break; // still used (another bench's, or not ours)
                }
                if (p.getFileName().toString().equals("virtkit-bench")) {
                    break;
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }
}
