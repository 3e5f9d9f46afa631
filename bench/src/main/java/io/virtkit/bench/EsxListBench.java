package io.virtkit.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The ESX driver on a vSphere simulator with many VMs (issue 13's benchmark): {@code virsh list --all}, then one
 * virsh session reading {@code list --all} and {@code dominfo} of every VM from standard input, timed against
 * libvirt's own ESX driver (Debian's virsh 9.0, {@code esx://…} directly) and against Virtkit's distribution as
 * users run it ({@code bin/karaf server}, see {@link KarafDistribution}) through its remote daemon
 * ({@code esx+unix:///?socket=…&name=esx://…}: the same virsh, the daemon opening the ESX URI it is sent, the
 * credentials in an auth.conf named by {@code etc/io.virtkit.esx.cfg}). Both answer the same simulator in the
 * same run, and their outputs must be equal. Goal: Virtkit's time at most half of libvirt's.
 *
 * <p>The simulator is the vcsim launcher esx.bundle's tests build (esx.bundle/target/vcsim/vcsim-launcher: run
 * {@code mvn -pl esx.bundle test} once), in ESX mode with {@code vms} VMs (all powered on, as vcsim makes them).
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.virtkit.bench.EsxListBench [vms] [rounds] [tarball] [launcher]}
 * (defaults 500, 5, the newest distribution tarball and the launcher under the current directory).
 */
public final class EsxListBench {
    static final double GOAL = 0.5;
    private static final String PASSWORD = "vcsim-Bench1";
    private static final int WARM_UP_RUNS = 3;

    private EsxListBench() {
    }

    public static void main(String[] args) throws Exception {
        int vms = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path tarball = args.length > 2 ? Path.of(args[2]) : KarafDistribution.newestTarball(Path.of(""));
        Path launcher = Path.of(args.length > 3 ? args[3] : "esx.bundle/target/vcsim/vcsim-launcher").toAbsolutePath();
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no vcsim launcher at " + launcher + ": run mvn -pl esx.bundle test once");
        }
        Path work = Files.createTempDirectory("virtkit-esx-bench");
        Thread cleanOnExit = new Thread(() -> Commands.killDescendantsAndDelete(work), "clean up " + work);
        Runtime.getRuntime().addShutdownHook(cleanOnExit);
        Process vcsim = null;
        try {
            long t0 = System.nanoTime();
            vcsim = startVcsim(launcher, work, vms);
            int port = port(vcsim, work);
            System.out.printf(Locale.ROOT, "vcsim: ESX mode, %d VMs, pid %d, up in %.1f s%n", vms, vcsim.pid(),
                    (System.nanoTime() - t0) / 1e9);
            Path auth = Files.writeString(work.resolve("auth.conf"), """
                    [credentials-vcsim]
                    username=root
                    password=%s

                    [auth-esx-127.0.0.1]
                    credentials=vcsim
                    """.formatted(PASSWORD));
            String direct = "esx://root@127.0.0.1:" + port + "/?no_verify=1";
            try (KarafDistribution virtkit = KarafDistribution.start(tarball, work,
                    Map.of("io.virtkit.esx.cfg", Map.of("authFile", auth.toString())))) {
                String remote = "esx+unix:///?socket=" + virtkit.socket() + "&name=" + direct;
                System.out.printf(Locale.ROOT, "virtkit:  %s, Karaf JVM pid %d (%s), %s%n", tarball.getFileName(),
                        virtkit.pid(), virtkit.jvmOptions(), remote);
                System.out.printf(Locale.ROOT, "libvirt:  virsh 9.0, %s%n", direct);
                awaitDriver(remote, auth, work);
                Path script = script(work, direct, auth, vms);
                System.out.printf(Locale.ROOT, "script: list --all, then dominfo of each of %d VMs (%d commands), one"
                        + " virsh session reading standard input%n", vms, vms + 1);
                for (int i = 0; i < WARM_UP_RUNS; i++) { // the daemon's JIT; libvirt's client has none
                    run(remote, auth, script, work);
                }
                run(direct, auth, script, work);
                List<double[]> rows = new ArrayList<>();
                System.out.printf(Locale.ROOT, "%n%-7s | %-25s | %-25s | %s%n", "", "list --all (s)", "script (s)",
                        "Karaf CPU (s)");
                System.out.printf(Locale.ROOT, "%-7s | %8s %8s %7s | %8s %8s %7s | %7s%n", "round", "libvirt", "virtkit",
                        "ratio", "libvirt", "virtkit", "ratio", "script");
                for (int round = 1; round <= rounds; round++) {
                    Timed listLibvirt = run(direct, auth, null, work);
                    Timed listVirtkit = run(remote, auth, null, work);
                    check("list --all", listLibvirt.out(), listVirtkit.out());
                    Timed scriptLibvirt = run(direct, auth, script, work);
                    double cpu0 = ProcessCpu.seconds(virtkit.pid());
                    Timed scriptVirtkit = run(remote, auth, script, work);
                    double cpu = ProcessCpu.seconds(virtkit.pid()) - cpu0;
                    check("the script", scriptLibvirt.out(), scriptVirtkit.out());
                    double[] row = {listLibvirt.seconds(), listVirtkit.seconds(), scriptLibvirt.seconds(),
                        scriptVirtkit.seconds(), cpu};
                    rows.add(row);
                    print(Integer.toString(round), row);
                }
                double[] median = new double[5];
                for (int c = 0; c < median.length; c++) {
                    final int column = c;
                    double[] values = rows.stream().mapToDouble(r -> r[column]).sorted().toArray();
                    median[c] = values.length % 2 == 1 ? values[values.length / 2]
                            : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
                }
                print("median", median);
                double ratio = median[3] / median[2];
                System.out.printf(Locale.ROOT, "%nscript: virtkit %.3f s, libvirt %.3f s: ratio %.2f, goal <= %.2f %s;"
                        + " list --all ratio %.2f; load average %s%n", median[3], median[2], ratio, GOAL,
                        ratio <= GOAL ? "met" : "NOT met", median[1] / median[0], DistributionRemoteBench.loadAverage());
            }
        } finally {
            if (vcsim != null) {
                vcsim.destroy();
                vcsim.waitFor(10, TimeUnit.SECONDS);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanOnExit);
                Commands.deleteTree(work);
            } catch (IllegalStateException shuttingDown) {
                // interrupted: the hook is cleaning up already
            }
        }
    }

    private static Process startVcsim(Path launcher, Path work, int vms) throws IOException {
        Path dir = Files.createDirectories(work.resolve("vcsim"));
        ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "-mode", "esx", "-listen", "127.0.0.1:0", "-user",
                "root", "-password", PASSWORD, "-vms", Integer.toString(vms), "-cert", dir.resolve("cert.pem").toString())
                .directory(dir.toFile()).redirectError(dir.resolve("vcsim.log").toFile());
        pb.environment().put("TMPDIR", dir.toString());
        return pb.start(); // its standard input stays open: it exits when this JVM goes
    }

    private static int port(Process vcsim, Path work) throws Exception {
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return new BufferedReader(new InputStreamReader(vcsim.getInputStream(), StandardCharsets.UTF_8))
                        .readLine();
            } catch (IOException e) {
                return null;
            }
        });
        String ready = line.get(300, TimeUnit.SECONDS);
        if (ready == null || !ready.startsWith("VCSIM_URL ")) {
            throw new IllegalStateException("vcsim did not start: " + Files.readString(work.resolve("vcsim/vcsim.log")));
        }
        return URI.create(ready.substring("VCSIM_URL ".length()).strip()).getPort();
    }

    /** Karaf hands etc/io.virtkit.esx.cfg to the driver after the daemon is up: until then a login finds no password. */
    private static void awaitDriver(String remote, Path auth, Path work) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                run(remote, auth, null, work, "uri");
                return;
            } catch (IllegalStateException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            }
        }
    }

    /** {@code list --all}, then {@code dominfo} of each VM libvirt lists (read untimed). */
    private static Path script(Path work, String direct, Path auth, int vms) throws IOException, InterruptedException {
        Timed names = run(direct, auth, null, work, "list", "--all", "--name");
        List<String> all = names.out().lines().filter(l -> !l.isBlank()).toList();
        if (all.size() != vms) {
            throw new IllegalStateException("libvirt lists " + all.size() + " VMs, not " + vms);
        }
        StringBuilder text = new StringBuilder("list --all\n");
        for (String name : all) {
            text.append("dominfo '").append(name.replace("'", "\\'")).append("'\n");
        }
        return Files.writeString(work.resolve("script.virsh"), text);
    }

    private record Timed(double seconds, String out) {
    }

    /** One virsh process: the script on standard input, or {@code list --all} (or {@code args}) without one. */
    private static Timed run(String uri, Path auth, Path script, Path work, String... args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(args.length > 0 ? List.of(args) : script == null ? List.of("list", "--all") : List.of());
        Path out = work.resolve("virsh.out");
        Path err = work.resolve("virsh.err");
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.redirectInput(script == null ? ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())
                : ProcessBuilder.Redirect.from(script.toFile()));
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().put("LIBVIRT_AUTH_FILE", auth.toString());
        pb.environment().put("HOME", work.toString());
        pb.environment().put("LIBVIRT_LOG_OUTPUTS", "1:file:" + work.resolve("libvirt.log")); // its esx warnings
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException("virsh " + uri + " did not finish");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String text = Files.readString(out);
        String errors = Files.readString(err);
        if (p.exitValue() != 0 || !errors.isBlank()) {
            throw new IllegalStateException("virsh " + uri + " exited " + p.exitValue() + ": " + errors);
        }
        return new Timed(seconds, text);
    }

    /** Both answered the same; the script's answer has every VM's dominfo. */
    private static void check(String what, String libvirt, String virtkit) {
        if (!libvirt.equals(virtkit)) {
            throw new IllegalStateException(what + ": Virtkit's answer differs from libvirt's");
        }
    }

    private static void print(String label, double[] r) {
        System.out.printf(Locale.ROOT, "%-7s | %8.3f %8.3f %7.2f | %8.3f %8.3f %7.2f | %7.3f%n", label, r[0], r[1],
                r[1] / r[0], r[2], r[3], r[3] / r[2], r[4]);
    }
}
