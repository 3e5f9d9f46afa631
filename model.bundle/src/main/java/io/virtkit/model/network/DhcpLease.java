package io.virtkit.model.network;

import java.util.Locale;

/**
 * A DHCP {@code <lease>} time of a range or host.
 *
 * @param expiry how long a lease lasts (0: forever)
 * @param unit   the unit of {@code expiry}, or {@code null} (minutes, as libvirt)
 */
public record DhcpLease(long expiry, Unit unit) {

    public DhcpLease {
        if (expiry < 0) {
            throw new IllegalArgumentException("negative lease expiry");
        }
    }

    /** The lease time in seconds ({@code 0} for an infinite lease). */
    public long seconds() {
        return switch (unit == null ? Unit.MINUTES : unit) {
            case SECONDS -> expiry;
            case MINUTES -> expiry * 60;
            case HOURS -> expiry * 3600;
        };
    }

    /** libvirt's {@code leaseUnit}. */
    public enum Unit {
        SECONDS, MINUTES, HOURS;

        public String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
