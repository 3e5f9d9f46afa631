package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.virtkit.itests.soak.GrowthFit;
import io.virtkit.itests.soak.SoakResult;

/**
 * The soak's PNG: the daemon's RSS, threads and open fds over time (one panel each, from the CSV), each with its
 * least-squares line over the window after the warm-up and the warm-up's end marked; drawn by gnuplot.
 */
final class SoakPlot {

    private SoakPlot() {
    }

    static void draw(SoakResult result, Path csv, Path png) throws IOException, InterruptedException {
        List<GrowthFit> fits = result.fits();
        double warmUpMinutes = result.plan().warmUp().toSeconds() / 60.0;
        StringBuilder script = new StringBuilder();
        script.append("set terminal pngcairo size 900,900 font 'sans,10'\n")
                .append("set output '").append(png).append("'\n")
                .append("set datafile separator ','\n")
                .append("set multiplot layout 3,1 title '").append(title(result)).append("'\n")
                .append("set grid\nset key bottom right\nset xlabel 'minutes'\n")
                .append(String.format(Locale.ROOT, "set xrange [0:%.3f]%n", result.plan().length().toSeconds() / 60.0))
                .append(String.format(Locale.ROOT, "set arrow 1 from %.3f, graph 0 to %.3f, graph 1 nohead dt 2%n",
                        warmUpMinutes, warmUpMinutes));
        String[] columns = {"($2/1024)", "3", "4"};
        String[] labels = {"RSS (MiB)", "threads", "open fds"};
        for (int i = 0; i < 3; i++) {
            GrowthFit fit = fits.get(i);
            double from = fit.fromSeconds();
            double to = fit.toSeconds();
            script.append("set ylabel '").append(labels[i]).append("'\n")
                    .append("set yrange [0:*]\n")
                    .append(String.format(Locale.ROOT, "fit%d(x) = (x >= %.4f && x <= %.4f) ? %.6f + %.6f * (x * 60 - %.3f) : 1/0%n",
                            i, from / 60, to / 60, fit.mean(), fit.slopePerMinute() / 60, fit.meanSeconds()))
                    .append("plot '").append(csv).append("' every ::1 using ($1/60):").append(columns[i])
                    .append(" with linespoints pt 7 ps 0.6 title '").append(labels[i]).append("', ")
                    .append(String.format(Locale.ROOT, "fit%d(x) with lines lw 2 title 'fit after warm-up: %+.2f %s/min'%n",
                            i, fit.slopePerMinute(), fit.unit()));
        }
        script.append("unset multiplot\n");
        Path gp = png.resolveSibling(png.getFileName() + ".gp");
        Files.writeString(gp, script);
        Process gnuplot = new ProcessBuilder("gnuplot", gp.toString()).redirectErrorStream(true).start();
        String said = new String(gnuplot.getInputStream().readAllBytes());
        if (gnuplot.waitFor() != 0 || !Files.isRegularFile(png)) {
            throw new IllegalStateException("gnuplot " + gp + " failed: " + said);
        }
        Files.delete(gp);
    }

    private static String title(SoakResult result) {
        return String.format(Locale.ROOT, "Virtkit remote daemon, %d clients (%d virsh, %d python3-libvirt), %.0f min:"
                + " %d calls, %d failed", result.plan().clients(), result.plan().virshClients(),
                result.plan().pythonClients(), result.seconds() / 60, result.calls(), result.failures().size());
    }
}
