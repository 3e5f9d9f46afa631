package io.virtkit.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.xen.internal.XenConfig;
import io.virtkit.xen.internal.XenDriver;
import io.virtkit.xen.internal.XenUri;
import io.virtkit.xen.internal.channel.CommandResult;
import io.virtkit.xen.internal.channel.SshTarget;
import io.virtkit.xen.internal.channel.SshXenChannel;
import io.virtkit.xen.internal.xl.XlCodec;
import io.virtkit.xen.internal.xl.XlFormat;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * Issue 14's benchmark: Virtkit's Xen driver against {@code xl} itself on the nested Xen host (xen.bundle's test
 * fixture: Xen 4.17 under QEMU/TCG, dom0 512 MiB of 1 GiB), both over SSH from this JVM. (a) create-to-running of a
 * PV guest (128 MiB, the test kernel): {@code Connection.createDomain} (the driver's round trips and
 * {@code xl create}) vs {@code xl create} of the same xl configuration, the one the driver generates, over an SSH
 * channel of the driver's own kind (MINA SSHD, one connection, one exec per command); goal ≤ 1.10×. (b) listing 10
 * guests (created paused with {@code xl create -p}, 32 MiB each of a {@link TinyPvKernel}, so they fit; they list as
 * any other): Virtkit's {@code listAllDomains}, and {@code list --all} as virsh asks for it (the list, then each
 * domain's state) vs one {@code xl list -l} round trip; goal ≤ 1.5×. Rounds alternate the two sides; medians.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.XenXlBench [create rounds] [list rounds]} (defaults 5,
 * 20), from a directory where {@code target/xen-host} may hold the fixture's package cache (the checkout's
 * xen.bundle is a good one). Run under {@code flock /work/.xen.lock}: one nested Xen per machine.
 */
public final class XenXlBench {
    static final double CREATE_GOAL = 1.10;
    static final double LIST_GOAL = 1.5;
    private static final String GUEST = "vk-pkg-bench";
    private static final String LISTED = "vk-pkg-b";
    private static final int LISTED_GUESTS = 10;
    private static final String TINY_KERNEL = "/tmp/vk-pkg-tiny.elf";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private XenXlBench() {
    }

    public static void main(String[] args) throws Exception {
        int createRounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int listRounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        long t0 = System.nanoTime();
        XenHostFixture host = XenHostFixture.shared();
        System.out.printf(Locale.ROOT, "nested Xen host up in %.1f s (dom0 ready after %.1f s)%n",
                (System.nanoTime() - t0) / 1e9, host.bootTime().toMillis() / 1e3);
        XenUri uri = XenUri.parse(java.net.URI.create(host.uri()));
        XenDriver driver = new XenDriver(defaults());
        try (SshXenChannel xl = new SshXenChannel(new SshTarget(uri.user(), uri.host(), uri.port(), uri.keyFiles(),
                uri.knownHosts(), false, Duration.ofSeconds(30))).connect();
                Connection conn = new DefaultConnectionFactory().withHypervisorDriver(driver).open(host.uri())) {
            cleanUp(xl);
            try {
                if (createRounds > 0) {
                    create(conn, xl, createRounds);
                }
                list(conn, xl, listRounds);
            } finally {
                cleanUp(xl);
            }
        }
    }

    /** (a) create-to-running, Virtkit vs xl create of the same configuration; each guest destroyed untimed. */
    private static void create(Connection conn, SshXenChannel xl, int rounds) throws Exception {
        String xml = pvGuest(GUEST, 128);
        String config = XlCodec.toConfig(DomainXmlCodec.parse(xml), XlFormat.XL).format();
        run(xl, "cat > /tmp/" + GUEST + ".cfg", config);
        double[] virtkit = new double[rounds];
        double[] bare = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            boolean virtkitFirst = r % 2 == 0;
            for (int side = 0; side < 2; side++) {
                if ((side == 0) == virtkitFirst) {
                    long start = System.nanoTime();
                    Domain d = conn.createDomain(xml);
                    virtkit[r] = seconds(start);
                    check(d.state().state() == DomainState.RUNNING, () -> "Virtkit's guest is " + d.state());
                } else {
                    long start = System.nanoTime();
                    run(xl, "xl create /tmp/" + GUEST + ".cfg", "");
                    bare[r] = seconds(start);
                    check(run(xl, "xl list " + GUEST, "").contains(GUEST), () -> "xl's guest is not listed");
                }
                run(xl, "xl destroy " + GUEST + "; rm -f /run/virtkit/xen/" + GUEST + ".xml", "");
            }
            System.out.printf(Locale.ROOT, "create round %d: virtkit %.2f s, xl create %.2f s%n", r + 1, virtkit[r],
                    bare[r]);
        }
        report("(a) PV guest create-to-running", virtkit, bare, CREATE_GOAL);
    }

    /** (b) 10 paused guests listed: Virtkit's list (and list --all as virsh does it) vs one xl list -l. */
    private static void list(Connection conn, SshXenChannel xl, int rounds) throws Exception {
        CommandResult upload = xl.run("cat > " + TINY_KERNEL, TinyPvKernel.image(), TIMEOUT);
        check(upload.succeeded(), () -> "uploading the tiny PV kernel: " + upload.message());
        for (int i = 0; i < LISTED_GUESTS; i++) {
            run(xl, "cat > /tmp/" + LISTED + i + ".cfg && xl create -p /tmp/" + LISTED + i + ".cfg",
                    "name = \"" + LISTED + i + "\"\ntype = \"pv\"\nmemory = 32\nvcpus = 1\nkernel = \"" + TINY_KERNEL
                            + "\"\n");
        }
        check(conn.listAllDomains().size() == LISTED_GUESTS + 1, () -> "expected Domain-0 and 10 guests");
        double[] virtkit = new double[rounds];
        double[] virsh = new double[rounds];
        double[] bare = new double[rounds];
        int warmUp = 3;
        for (int r = -warmUp; r < rounds; r++) {
            long start = System.nanoTime();
            int n = conn.listAllDomains().size();
            double list = seconds(start);
            // past the driver's reuse of a read (XenInventory.REUSE): virsh's list --all starts with a fresh one
            Thread.sleep(250);
            start = System.nanoTime();
            List<String> rows = new ArrayList<>();
            for (Domain d : conn.listAllDomains()) {
                rows.add(d.id() + " " + d.name() + " " + d.state().state().label());
            }
            double listAll = seconds(start);
            start = System.nanoTime();
            String json = run(xl, "xl list -l", "");
            double xlList = seconds(start);
            check(n == LISTED_GUESTS + 1 && rows.size() == n && json.contains(LISTED + (LISTED_GUESTS - 1)),
                    () -> "a listing lacks a guest");
            if (r >= 0) {
                virtkit[r] = list;
                virsh[r] = listAll;
                bare[r] = xlList;
            }
        }
        report("(b) listAllDomains of 11 (Domain-0, 10 paused guests)", virtkit, bare, LIST_GOAL);
        report("(b) list --all as virsh asks (list, then each state)", virsh, bare, LIST_GOAL);
    }

    private static void report(String what, double[] virtkit, double[] bare, double goal) {
        double v = median(virtkit);
        double x = median(bare);
        System.out.printf(Locale.ROOT, "%s: virtkit median %.3f s, xl median %.3f s, ratio %.2fx (goal <= %.2fx: %s)%n",
                what, v, x, v / x, goal, v / x <= goal ? "met" : "NOT met");
    }

    private static String run(SshXenChannel xl, String command, String stdin) throws Exception {
        CommandResult result = xl.run(command, stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8), TIMEOUT);
        check(result.succeeded(), () -> "'" + command + "' failed: " + result.message());
        return result.stdout();
    }

    private static void cleanUp(SshXenChannel xl) throws Exception {
        StringBuilder line = new StringBuilder("xl destroy " + GUEST + " 2>/dev/null;");
        for (int i = 0; i < LISTED_GUESTS; i++) {
            line.append(" xl destroy ").append(LISTED).append(i).append(" 2>/dev/null;");
        }
        line.append(" rm -f ").append(TINY_KERNEL).append(" /tmp/").append(LISTED).append("*.cfg /tmp/").append(GUEST).append(".cfg /run/virtkit/xen/")
                .append(GUEST).append(".xml; true");
        run(xl, line.toString(), "");
    }

    private static String pvGuest(String name, int memoryMiB) {
        String dir = XenHostFixture.guestDirectory();
        return "<domain type='xen'><name>" + name + "</name><memory unit='MiB'>" + memoryMiB + "</memory>"
                + "<vcpu>1</vcpu><os><type>xen</type><kernel>" + dir + "/vmlinuz</kernel><initrd>" + dir
                + "/initrd</initrd><cmdline>console=hvc0 loglevel=4</cmdline></os>"
                + "<devices><console type='pty'/></devices></domain>";
    }

    /** The driver's configuration defaults, as SCR hands them over without a configuration (every attribute's default). */
    private static XenConfig defaults() {
        return (XenConfig) java.lang.reflect.Proxy.newProxyInstance(XenConfig.class.getClassLoader(),
                new Class<?>[] {XenConfig.class}, (proxy, method, arguments) -> method.getName().equals("annotationType")
                        ? XenConfig.class : method.getDefaultValue());
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static void check(boolean ok, Supplier<String> what) {
        if (!ok) {
            throw new IllegalStateException(what.get());
        }
    }
}
