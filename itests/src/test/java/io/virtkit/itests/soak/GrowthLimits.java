package io.virtkit.itests.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * How much the daemon's figures may grow after the warm-up: the fitted slope ({@link GrowthFit}) of resident memory
 * (MiB per minute), threads and open file descriptors (per minute). A leak of one thread or descriptor per call, or of
 * a few KiB per call, exceeds them by far at the soak's call rate.
 */
public record GrowthLimits(double rssMibPerMinute, double threadsPerMinute, double fdsPerMinute) {

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "RSS ≤ %.1f MiB/min, threads ≤ %.1f/min, open fds ≤ %.1f/min",
                rssMibPerMinute, threadsPerMinute, fdsPerMinute);
    }

    /** The fits whose slope exceeds its limit, each with its figures: empty when the daemon stayed flat. */
    public List<String> exceededBy(List<GrowthFit> fits) {
        List<String> exceeded = new ArrayList<>();
        for (GrowthFit fit : fits) {
            double limit = switch (fit.figure()) {
                case SoakResult.RSS -> rssMibPerMinute;
                case SoakResult.THREADS -> threadsPerMinute;
                case SoakResult.FDS -> fdsPerMinute;
                default -> throw new IllegalArgumentException(fit.figure());
            };
            if (fit.slopePerMinute() > limit) {
                exceeded.add(fit + ", more than the " + limit + " " + fit.unit() + "/min allowed");
            }
        }
        return exceeded;
    }
}
