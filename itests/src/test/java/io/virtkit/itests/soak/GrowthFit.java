package io.virtkit.itests.soak;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * A least-squares line through one figure of the daemon's samples taken in a window (from the end of the warm-up to the
 * end): its slope, and the growth it means over the window (slope × the window's length). Short spikes (a garbage
 * collection, a cycle's guests running at the moment of a sample) move a fit little; a leak moves it steadily.
 */
public record GrowthFit(String figure, String unit, int samples, double fromSeconds, double toSeconds,
        double slopePerMinute, double mean, double meanSeconds) {

    static GrowthFit of(String figure, String unit, List<DaemonSample> all, double fromSeconds,
            ToDoubleFunction<DaemonSample> value) {
        List<DaemonSample> window = all.stream().filter(s -> s.seconds() >= fromSeconds).toList();
        if (window.size() < 3) {
            throw new IllegalStateException("only " + window.size() + " samples after " + fromSeconds
                    + " s: too few for a fit of " + figure);
        }
        double n = window.size();
        double meanT = window.stream().mapToDouble(DaemonSample::seconds).sum() / n;
        double meanV = window.stream().mapToDouble(value).sum() / n;
        double covariance = 0;
        double variance = 0;
        for (DaemonSample s : window) {
            covariance += (s.seconds() - meanT) * (value.applyAsDouble(s) - meanV);
            variance += (s.seconds() - meanT) * (s.seconds() - meanT);
        }
        double perSecond = covariance / variance;
        return new GrowthFit(figure, unit, window.size(), window.get(0).seconds(),
                window.get(window.size() - 1).seconds(), perSecond * 60, meanV, meanT);
    }

    /** The fitted line's value at {@code seconds}. */
    public double at(double seconds) {
        return mean + slopePerMinute / 60 * (seconds - meanSeconds);
    }

    /** What the fit grows by over its window. */
    public double growth() {
        return slopePerMinute * (toSeconds - fromSeconds) / 60;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s: %+.2f %s/min over %.0f–%.0f s (%d samples, mean %.1f %s):"
                + " %+.1f %s over the window", figure, slopePerMinute, unit, fromSeconds, toSeconds, samples, mean,
                unit, growth(), unit);
    }
}
