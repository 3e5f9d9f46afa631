package io.virtkit.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The migration benchmark's table: one row per migration as it happens, then medians per daemon kind and Virtkit's
 * ratios to libvirt's.
 *
 * <p>Which figures compare: the total (wall time of {@code virsh migrate}) means the same for both. What each daemon
 * calls "Time elapsed" and "Total downtime" does not: libvirt's are its own clock (elapsed from the job's begin,
 * downtime from the guest's STOP event to when it saw the transfer end), Virtkit's are QEMU's {@code query-migrate}
 * {@code total-time} (the transfer only) and {@code downtime}. The QEMU columns hold QEMU's figures for both (libvirt's
 * from its monitor log), so those are the ones compared.
 */
final class MigrationReport {
    /**
     * One migration: wall seconds of virsh migrate, both daemons' CPU seconds meanwhile, the source daemon's completed job (elapsed, downtime, ms) and
     * QEMU's figures ({@code null}: not known).
     */
    record Sample(int round, String kind, String direction, double wall, double daemonsCpu, long elapsedMs,
            long downtimeMs, NamespacedLibvirtd.QemuFigures qemu) {}

    private MigrationReport() {
    }

    static void header() {
        System.out.printf("%n%-5s %-8s %-5s %9s %10s %15s %16s %13s %12s%n", "round", "daemons", "dir", "total s",
                "daemon CPU", "daemon elapsed", "daemon downtime", "QEMU total", "QEMU downtime");
    }

    static void row(Sample s) {
        System.out.printf(Locale.ROOT, "%-5d %-8s %-5s %9.3f %8.2f s %12d ms %13d ms %10s ms %9s ms%n", s.round(),
                s.kind(), s.direction(), s.wall(), s.daemonsCpu(), s.elapsedMs(), s.downtimeMs(),
                s.qemu() == null ? "?" : Long.toString(s.qemu().totalTimeMs()),
                s.qemu() == null ? "?" : Long.toString(s.qemu().downtimeMs()));
    }

    /** Medians over rounds 2.. (round 1 when it is the only one) and, for two kinds, the second's ratios to the first's. */
    static void summary(List<Sample> samples, List<String> kinds, int rounds) {
        int from = rounds > 1 ? 2 : 1;
        System.out.printf("%nmedians of rounds %d–%d, both directions:%n", from, rounds);
        System.out.printf("%-8s %9s %10s %15s %16s %13s %14s %s%n", "daemons", "total s", "daemon CPU",
                "daemon elapsed", "daemon downtime", "QEMU total", "QEMU downtime", "QEMU figures known");
        double[][] medians = new double[kinds.size()][];
        for (int k = 0; k < kinds.size(); k++) {
            String kind = kinds.get(k);
            List<Sample> mine = samples.stream().filter(s -> s.kind().equals(kind) && s.round() >= from).toList();
            List<Sample> known = mine.stream().filter(s -> s.qemu() != null).toList();
            List<Sample> reported = mine.stream().filter(s -> s.elapsedMs() > 0 || s.downtimeMs() > 0).toList();
            medians[k] = new double[] {median(mine, Sample::wall), median(reported, s -> s.elapsedMs()),
                median(reported, s -> s.downtimeMs()), median(known, s -> s.qemu().totalTimeMs()),
                median(known, s -> s.qemu().downtimeMs()), median(mine, Sample::daemonsCpu)};
            System.out.printf(Locale.ROOT, "%-8s %9.3f %8.2f s %12.0f ms %13.0f ms %10.0f ms %11.0f ms %d of %d%n",
                    kind, medians[k][0], medians[k][5], medians[k][1], medians[k][2], medians[k][3], medians[k][4],
                    known.size(), mine.size());
        }
        if (kinds.size() == 2) {
            double[] l = medians[0];
            double[] v = medians[1];
            System.out.printf(Locale.ROOT, "%s/%s: total %.2f (goal ≤ 0.70); QEMU downtime %.2f (goal ≤ 1.00); QEMU "
                    + "total-time %.2f; downtime as each daemon reports it %.2f; daemons' CPU %.2f%n", kinds.get(1),
                    kinds.get(0), v[0] / l[0], v[4] / l[4], v[3] / l[3], v[2] / l[2], v[5] / l[5]);
        }
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> figure) {
        double[] values = samples.stream().mapToDouble(figure).toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(values);
        int n = values.length;
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
    }
}
