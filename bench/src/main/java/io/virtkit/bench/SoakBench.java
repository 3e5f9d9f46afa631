package io.virtkit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.virtkit.itests.soak.GrowthLimits;
import io.virtkit.itests.soak.Soak;
import io.virtkit.itests.soak.SoakHost;
import io.virtkit.itests.soak.SoakPlan;
import io.virtkit.itests.soak.SoakResult;

/**
 * Issue 18's soak: the remote daemon of Virtkit's distribution as users run it ({@code bin/karaf server}, itests'
 * {@link SoakHost}), 100 clients at once (50 virsh sessions, 50 python3-libvirt scripts, each a process with one
 * connection for the whole run; 2 of each kind on {@code qemu:///system} with a disk-less guest, the others on
 * {@code test:///default}) for 10 minutes, each cycling define, start, dumpxml, destroy, undefine (and on the test
 * driver net-define, net-start, net-dumpxml, net-destroy, net-undefine), the python clients counting their lifecycle
 * events and waiting for their own objects' ones. The daemon's RSS, threads and open fds every 30 s into a CSV and a
 * PNG. Goals: no failed call; flat after a 2-minute warm-up: the least-squares slope over minutes 2–10 at most
 * 2 MiB/min of RSS, 1 thread/min and 1 fd/min (16 MiB, 8 threads, 8 fds over the 8 minutes). The daemon's thread
 * count wanders by ±5 around its mean from sample to sample (pools growing and shrinking), which alone moves the
 * slope by about 0.3 threads/min; a leak of one thread, fd or KiB per cycle (about 4,000 cycles a minute) is far
 * beyond these.
 *
 * <p>Usage, as root, from the checkout after {@code mvn -B -q install -DskipTests}: {@code java -cp benchmarks.jar
 * io.virtkit.bench.SoakBench [minutes] [virsh clients] [python clients] [qemu clients per kind] [output dir]
 * [tarball]} (defaults 10, 50, 50, 2, {@code bench/soak}, the newest distribution tarball). Writes {@code soak.csv},
 * {@code soak.png} and {@code soak.txt} (the summary) to the output directory; exits 1 when a goal is missed. The
 * daemon lives in {@code /tmp/vksk-soak} and the network namespace {@code vksk-soak}, both removed at the end (its
 * log is kept in {@code /tmp/vksk-soak-logs}).
 */
public final class SoakBench {

    static final GrowthLimits FLAT = new GrowthLimits(2, 1, 1);

    private SoakBench() {
    }

    public static void main(String[] args) throws Exception {
        int minutes = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int virsh = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int python = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        int qemu = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        Path out = Files.createDirectories(Path.of(args.length > 4 ? args[4] : "bench/soak").toAbsolutePath());
        Path tarball = args.length > 5 ? Path.of(args[5]) : KarafDistribution.newestTarball(Path.of("."));
        System.setProperty("virtkit.distribution", tarball.toAbsolutePath().toString());
        Duration length = Duration.ofMinutes(minutes);
        // short trial runs (a minute or two) keep a third of their length as warm-up
        SoakPlan plan = new SoakPlan(virsh, python, qemu, length, Duration.ofSeconds(minutes >= 5 ? 30 : 10),
                minutes >= 5 ? Duration.ofMinutes(2) : length.dividedBy(3));
        System.out.println("soak: " + plan + " (" + tarball.getFileName() + ")");
        SoakResult result;
        try (SoakHost host = SoakHost.start()) {
            result = Soak.run(host, plan);
        }
        String summary = result.summary();
        List<String> growth = FLAT.exceededBy(result.fits());
        String verdict = (result.failures().isEmpty() ? "no failed call" : result.failures().size() + " failed calls")
                + "; " + (growth.isEmpty() ? "flat after the warm-up (" + FLAT + ")"
                        : "grew after the warm-up: " + String.join("; ", growth));
        Path csv = out.resolve("soak.csv");
        Files.writeString(csv, result.csv());
        Files.writeString(out.resolve("soak.txt"), summary + verdict + "\n");
        SoakPlot.draw(result, csv, out.resolve("soak.png"));
        System.out.print(summary);
        System.out.println(verdict);
        System.out.println("written: " + csv + ", " + out.resolve("soak.png") + ", " + out.resolve("soak.txt"));
        if (!result.failures().isEmpty() || !growth.isEmpty()) {
            System.exit(1);
        }
    }
}
