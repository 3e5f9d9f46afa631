package io.virtkit.api;

/**
 * A domain's current job, libvirt's {@code virDomainJobInfo} (times in milliseconds, amounts in bytes; 0 where
 * unknown).
 *
 * @since 1.8
 */
public record DomainJobInfo(DomainJobType type, long timeElapsedMs, long timeRemainingMs, long dataTotal,
        long dataProcessed, long dataRemaining, long memTotal, long memProcessed, long memRemaining,
        long fileTotal, long fileProcessed, long fileRemaining) {

    /** No job. */
    public static final DomainJobInfo NONE = new DomainJobInfo(DomainJobType.NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public DomainJobInfo {
        java.util.Objects.requireNonNull(type, "type");
    }
}
