package io.virtkit.itests.soak;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.virtkit.itests.soak.SoakLedger.Failure;

/**
 * What a soak measured: the client's counts, every failure, the daemon's samples while the clients ran (t = 0 when
 * every client had connected) and one after all of them had left, and the growth fits after the warm-up.
 */
public record SoakResult(SoakPlan plan, double seconds, long calls, Map<SoakDriver, Long> cyclesByDriver, long events,
        List<Failure> failures, List<DaemonSample> samples, DaemonSample afterClients) {

    static final String RSS = "RSS";
    static final String THREADS = "threads";
    static final String FDS = "open fds";

    public long cycles() {
        return cyclesByDriver.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Least-squares fits of RSS (MiB), threads and fds over the samples from the warm-up's end on. */
    public List<GrowthFit> fits() {
        double from = plan.warmUp().toMillis() / 1000.0;
        return List.of(GrowthFit.of(RSS, "MiB", samples, from, s -> s.rssKib() / 1024.0),
                GrowthFit.of(THREADS, "threads", samples, from, DaemonSample::threads),
                GrowthFit.of(FDS, "fds", samples, from, DaemonSample::fds));
    }

    /** The samples as CSV, one line per sample, with a header. */
    public String csv() {
        return DaemonSample.CSV_HEADER + "\n" + samples.stream().map(DaemonSample::csv).collect(Collectors.joining("\n"))
                + "\n";
    }

    /** The figures in a few lines: what ran, the calls, the failures (at most 20 shown), the daemon's samples. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append("soak: ").append(plan).append('\n');
        text.append(String.format(Locale.ROOT, "%d calls (%.0f/s), %d cycles (%d on the test driver, %d on QEMU), %d "
                + "events seen by the python clients, %d failed calls, in %.0f s%n", calls, calls / seconds, cycles(),
                cyclesByDriver.get(SoakDriver.TEST), cyclesByDriver.get(SoakDriver.QEMU), events, failures.size(),
                seconds));
        failures.stream().limit(20).forEach(f -> text.append("  failed: ").append(f).append('\n'));
        if (failures.size() > 20) {
            text.append("  … and ").append(failures.size() - 20).append(" more\n");
        }
        DaemonSample first = samples.get(0);
        DaemonSample last = samples.get(samples.size() - 1);
        text.append(String.format(Locale.ROOT, "daemon at %.0f s: RSS %.1f MiB, %d threads, %d fds; at %.0f s: RSS %.1f "
                + "MiB, %d threads, %d fds; after the clients left: RSS %.1f MiB, %d threads, %d fds%n", first.seconds(),
                first.rssKib() / 1024.0, first.threads(), first.fds(), last.seconds(), last.rssKib() / 1024.0,
                last.threads(), last.fds(), afterClients.rssKib() / 1024.0, afterClients.threads(), afterClients.fds()));
        fits().forEach(fit -> text.append("  ").append(fit).append('\n'));
        return text.toString();
    }
}
