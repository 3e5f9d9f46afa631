package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * Issue 16's benchmark: live migration of a 256 MiB idle guest (the QEMU tests' tiny Linux guest, TCG) between two
 * hosts, by the real {@code virsh migrate --live --persistent} over TLS, Virtkit beside libvirt in the same run:
 * <ul>
 * <li>two hosts on this machine, network namespaces {@code vkbenchA}/{@code vkbenchB} joined by a veth pair
 * ({@link MigrationHosts}), each with a host name and host UUID of its own;</li>
 * <li>in each, Debian's libvirtd 9.0 as its system daemon ({@link NamespacedLibvirtd}: TLS on 16514) and Virtkit's
 * distribution as users run it ({@link KarafDistribution}, {@code bin/karaf server}: TLS on 16515, its migration ports
 * 49300–49363 beside libvirt's 49152–49215), all with certificates of one CA ({@link MigrationPki});</li>
 * <li>one guest per daemon kind, defined and started on A, then per round A→B and B→A for each kind, the kinds
 * alternating who goes first; virsh runs on the source host, reaching its daemon on its UNIX socket and the
 * destination by {@code qemu+tls://ADDRESS[:PORT]/system?pkipath=…};</li>
 * <li>per migration: the wall time of the {@code virsh migrate} process (total), both daemons' CPU time meanwhile, the
 * source daemon's {@code virsh domjobinfo --completed} "Time elapsed" and "Total downtime", and QEMU's own
 * {@code total-time} and {@code downtime} ({@code query-migrate}): Virtkit's job statistics are those, libvirt's are
 * its own clock, so for libvirt they are read from libvirtd's monitor log ({@link MigrationReport}).</li>
 * </ul>
 * Round 1 is shown but left out of the medians (the daemons' first migration: JIT, QEMU capabilities). Goal: Virtkit's
 * total ≤ 0.7× libvirt's, its downtime the same or less.
 *
 * <p>Usage, as root: {@code java -cp benchmarks.jar io.virtkit.bench.MigrationBench [rounds] [tarball]} (defaults 5 and
 * the newest distribution tarball under the current directory). {@code libvirt} alone (tarball {@code none}) runs only
 * libvirt's side. Everything lives in one temp dir and the two namespaces; both go at the end, with every process in
 * them, even when the run fails or is interrupted. Debian's system user {@code libvirt-qemu} is made when missing
 * (libvirtd needs it to exist) and left in place; the mount points {@code /run/libvirt}, {@code /var/lib/libvirt},
 * {@code /var/cache/libvirt}, {@code /var/log/libvirt} are made when missing and removed at the end.
 */
public final class MigrationBench {
    private static final String GUEST = "vkbench-guest";
    private static final int MEMORY_MIB = 256;
    private static final int VIRTKIT_TLS_PORT = 16515;

    private MigrationBench() {
    }

    /** How virsh reaches one daemon kind's two daemons, and where its guest writes its console. */
    private record Daemons(String kind, String localA, String localB, String tlsA, String tlsB, Path console,
            String uuid, long pidA, long pidB, NamespacedLibvirtd libvirtdA, NamespacedLibvirtd libvirtdB) {

        /** Both daemons' CPU seconds so far (user + system). */
        double cpuSeconds() throws IOException {
            return ProcessCpu.seconds(pidA) + ProcessCpu.seconds(pidB);
        }

        String local(MigrationHosts.Host h) {
            return "A".equals(h.label()) ? localA : localB;
        }

        String tls(MigrationHosts.Host h) {
            return "A".equals(h.label()) ? tlsA : tlsB;
        }

        /**
         * QEMU's figures of the migrations out of {@code h} so far, from the daemon's log (libvirtd); null when the
         * daemon's own job statistics are QEMU's figures (Virtkit).
         */
        List<NamespacedLibvirtd.QemuFigures> qemuMigrations(MigrationHosts.Host h) throws IOException {
            NamespacedLibvirtd d = "A".equals(h.label()) ? libvirtdA : libvirtdB;
            return d == null ? null : d.qemuMigrations();
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        boolean libvirtOnly = args.length > 1 && "none".equals(args[1]);
        Path tarball = libvirtOnly ? null
                : args.length > 1 ? Path.of(args[1]) : KarafDistribution.newestTarball(Path.of(""));
        if (!"0".equals(Commands.run(List.of("id", "-u")).output().strip())) {
            throw new IllegalStateException("run as root: network namespaces, mounts, libvirtd as its system daemon");
        }
        TinyLinuxGuest guest = TinyLinuxGuest.prepare();
        Path work = Files.createTempDirectory("virtkit-migration-bench");
        // the guests' QEMU runs unprivileged (virtkit-qemu, libvirt-qemu): it must traverse to its console and sockets
        Files.setPosixFilePermissions(work, java.nio.file.attribute.PosixFilePermissions.fromString("rwx--x--x"));
        AtomicReference<MigrationHosts> hostsRef = new AtomicReference<>();
        List<Path> mountPoints = new ArrayList<>();
        Runnable cleanUp = () -> cleanUp(hostsRef.get(), mountPoints, work);
        Thread cleanOnExit = new Thread(cleanUp, "clean up " + work);
        Runtime.getRuntime().addShutdownHook(cleanOnExit); // Ctrl-C skips the finally below
        List<AutoCloseable> daemons = new ArrayList<>();
        try {
            MigrationHosts hosts = MigrationHosts.create();
            hostsRef.set(hosts);
            MigrationHosts.Host a = hosts.a();
            MigrationHosts.Host b = hosts.b();
            MigrationPki pki = MigrationPki.create(work.resolve("pki"));
            MigrationPki.ServerFiles tlsA = pki.server("a", a.address());
            MigrationPki.ServerFiles tlsB = pki.server("b", b.address());
            MigrationVirsh virsh = new MigrationVirsh(Files.createDirectories(work.resolve("home")));

            NamespacedLibvirtd.ensureQemuUser();
            mountPoints.addAll(NamespacedLibvirtd.makeMountPoints());
            NamespacedLibvirtd libvirtdA = NamespacedLibvirtd.start(a, work.resolve("libvirtd-a"), tlsA, pki.clientDir());
            daemons.add(libvirtdA);
            NamespacedLibvirtd libvirtdB = NamespacedLibvirtd.start(b, work.resolve("libvirtd-b"), tlsB, pki.clientDir());
            daemons.add(libvirtdB);
            List<Daemons> kinds = new ArrayList<>();
            kinds.add(new Daemons("libvirt", libvirtdA.localUri(), libvirtdB.localUri(), libvirtdA.tlsUri(),
                    libvirtdB.tlsUri(), work.resolve("console-libvirt.log"), UUID.randomUUID().toString(),
                    libvirtdA.pid(), libvirtdB.pid(), libvirtdA, libvirtdB));
            if (!libvirtOnly) {
                KarafDistribution virtkitA = startVirtkit(tarball, work.resolve("virtkit-a"), a, tlsA);
                daemons.add(virtkitA);
                KarafDistribution virtkitB = startVirtkit(tarball, work.resolve("virtkit-b"), b, tlsB);
                daemons.add(virtkitB);
                kinds.add(new Daemons("virtkit", qemuUri(virtkitA), qemuUri(virtkitB), virtkitTls(a, pki),
                        virtkitTls(b, pki), work.resolve("console-virtkit.log"), UUID.randomUUID().toString(),
                        virtkitA.pid(), virtkitB.pid(), null, null));
                System.out.println("Virtkit JVM options: " + virtkitA.jvmOptions());
            }
            System.out.println("libvirtd: " + virsh.run(a, libvirtdA.localUri(), "version", "--daemon").strip()
                    .replace('\n', ' '));
            for (Daemons d : kinds) {
                startGuest(d, a, guest, virsh, work);
            }
            List<MigrationReport.Sample> samples = migrate(kinds, a, b, virsh, rounds);
            MigrationReport.summary(samples, kinds.stream().map(Daemons::kind).toList(), rounds);
            for (Daemons d : kinds) {
                removeGuest(d, a, b, virsh);
            }
        } finally {
            for (int i = daemons.size() - 1; i >= 0; i--) {
                try {
                    daemons.get(i).close();
                } catch (Exception e) {
                    System.err.println("stopping a daemon: " + e);
                }
            }
            cleanUp.run();
            try {
                Runtime.getRuntime().removeShutdownHook(cleanOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway; cleaning twice finds nothing left
            }
        }
    }

    private static KarafDistribution startVirtkit(Path tarball, Path dir, MigrationHosts.Host host,
            MigrationPki.ServerFiles tls) throws IOException, InterruptedException {
        Map<String, Map<String, String>> configs = Map.of(
                "io.virtkit.remote.cfg", Map.of("tlsEnabled", "true", "tlsAddress", host.address(), "tlsPort",
                        Integer.toString(VIRTKIT_TLS_PORT), "caFile", tls.caCert().toString(), "certFile",
                        tls.cert().toString(), "keyFile", tls.key().toString()),
                "io.virtkit.qemu.cfg", Map.of("hostUuid", host.hostUuid(), "migrationHost", host.address(),
                        "migrationPortMin", "49300", "migrationPortMax", "49363"));
        return KarafDistribution.start(tarball, Files.createDirectories(dir), configs, host::wrap);
    }

    private static String qemuUri(KarafDistribution virtkit) {
        return "qemu+unix:///system?socket=" + virtkit.socket();
    }

    private static String virtkitTls(MigrationHosts.Host host, MigrationPki pki) {
        return "qemu+tls://" + host.address() + ":" + VIRTKIT_TLS_PORT + "/system?pkipath=" + pki.clientDir();
    }

    /** Defines and starts the guest on A, waits until it has booted (its READY marker), and checks QEMU runs TCG. */
    private static void startGuest(Daemons d, MigrationHosts.Host a, TinyLinuxGuest guest, MigrationVirsh virsh,
            Path work) throws IOException, InterruptedException {
        String xml = guest.domainXml(GUEST, TinyLinuxGuest.serialFileXml(d.console()))
                .replace("<memory unit='MiB'>" + TinyLinuxGuest.MEMORY_MIB + "</memory>",
                        "<uuid>" + d.uuid() + "</uuid>\n  <memory unit='MiB'>" + MEMORY_MIB + "</memory>");
        Path file = work.resolve("guest-" + d.kind() + ".xml");
        Files.writeString(file, xml);
        virsh.run(a, d.localA(), "define", file.toString());
        virsh.run(a, d.localA(), "start", GUEST);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!Files.exists(d.console()) || !Files.readString(d.console()).contains(TinyLinuxGuest.READY_MARKER)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(d.kind() + "'s guest did not boot within 300 s");
            }
            Thread.sleep(200);
        }
        System.out.printf("%s: guest %s booted on A; QEMU: %s%n", d.kind(), GUEST, accelerator(d.uuid()));
    }

    /** The accelerator options of the QEMU running the guest with {@code uuid}; refuses KVM (this is a TCG figure). */
    private static String accelerator(String uuid) throws IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                String cmdline;
                try {
                    cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
                } catch (IOException gone) {
                    continue;
                }
                if (cmdline.contains("qemu-system") && cmdline.contains(uuid)) {
                    List<String> args = Arrays.asList(cmdline.split(" "));
                    String accel = "";
                    for (int i = 0; i < args.size() - 1; i++) {
                        if (args.get(i).equals("-accel") || args.get(i).equals("-machine")) {
                            accel += args.get(i) + " " + args.get(i + 1) + " ";
                        }
                    }
                    if (accel.contains("kvm")) {
                        throw new IllegalStateException("the guest's QEMU uses KVM: " + accel);
                    }
                    return "pid " + proc.getFileName() + ", " + accel.strip();
                }
            }
        }
        return "(no qemu-system process with -uuid " + uuid + " found)";
    }

    private static List<MigrationReport.Sample> migrate(List<Daemons> kinds, MigrationHosts.Host a,
            MigrationHosts.Host b, MigrationVirsh virsh, int rounds) throws IOException, InterruptedException {
        List<MigrationReport.Sample> samples = new ArrayList<>();
        MigrationReport.header();
        for (int round = 1; round <= rounds; round++) {
            List<Daemons> order = new ArrayList<>(kinds);
            if (round % 2 == 0) {
                Collections.reverse(order);
            }
            for (MigrationHosts.Host[] hop : new MigrationHosts.Host[][] {{a, b}, {b, a}}) {
                for (Daemons d : order) {
                    MigrationReport.Sample s = migrateOnce(d, hop[0], hop[1], virsh, round);
                    samples.add(s);
                    MigrationReport.row(s);
                }
            }
        }
        return samples;
    }

    private static MigrationReport.Sample migrateOnce(Daemons d, MigrationHosts.Host from, MigrationHosts.Host to,
            MigrationVirsh virsh, int round) throws IOException, InterruptedException {
        List<NamespacedLibvirtd.QemuFigures> before = d.qemuMigrations(from);
        double cpu0 = d.cpuSeconds();
        double wall = virsh.migrate(from, d.local(from), d.tls(to), GUEST);
        double daemonsCpu = d.cpuSeconds() - cpu0;
        MigrationVirsh.CompletedJob job = virsh.completedJob(from, d.local(from), GUEST);
        String there = virsh.state(to, d.local(to), GUEST);
        String here = virsh.state(from, d.local(from), GUEST);
        if (!"running".equals(there) || !"shut off".equals(here)) {
            throw new IllegalStateException(d.kind() + ": after " + from.label() + "→" + to.label() + " the guest is "
                    + there + " on " + to.label() + " and " + here + " on " + from.label());
        }
        NamespacedLibvirtd.QemuFigures qemu;
        if (before == null) { // the daemon's job statistics are QEMU's query-migrate figures
            qemu = new NamespacedLibvirtd.QemuFigures(job.elapsedMs(), job.downtimeMs());
        } else {
            List<NamespacedLibvirtd.QemuFigures> after = d.qemuMigrations(from);
            qemu = after.size() > before.size() ? after.get(after.size() - 1) : null;
        }
        if (qemu != null && qemu.totalTimeMs() == 0 && qemu.downtimeMs() == 0) {
            // QEMU answers query-migrate with status "completed" a moment before it has computed these figures
            System.out.println("  " + d.kind() + " " + from.label() + "→" + to.label() + ": QEMU's total-time and "
                    + "downtime read as 0 ms (query-migrate answered before QEMU computed them): left out");
            qemu = null;
        }
        return new MigrationReport.Sample(round, d.kind(), from.label() + "→" + to.label(), wall, daemonsCpu,
                job.elapsedMs(), job.downtimeMs(), qemu);
    }

    /** The guest destroyed wherever it runs and undefined on both hosts. */
    private static void removeGuest(Daemons d, MigrationHosts.Host a, MigrationHosts.Host b, MigrationVirsh virsh)
            throws IOException, InterruptedException {
        for (MigrationHosts.Host h : List.of(a, b)) {
            if ("running".equals(virsh.state(h, d.local(h), GUEST))) {
                virsh.run(h, d.local(h), "destroy", GUEST);
            }
            virsh.run(h, d.local(h), "undefine", GUEST);
        }
    }

    /** Every process left in the namespaces killed, the namespaces and the mount points made gone, the temp dir too. */
    private static void cleanUp(MigrationHosts hosts, List<Path> mountPoints, Path work) {
        try {
            if (hosts != null) {
                hosts.close();
            }
        } catch (Exception e) {
            System.err.println("removing the namespaces: " + e);
        }
        for (Path p : mountPoints) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                System.err.println("cannot remove the mount point " + p + ": " + e);
            }
        }
        try {
            Commands.deleteTree(work);
        } catch (IOException e) {
            System.err.println("cannot delete " + work + ": " + e);
        }
    }
}
