package io.virtkit.api;

/**
 * The kind of job a domain runs, libvirt's {@code virDomainJobType} with its numbers.
 *
 * @since 1.8
 */
public enum DomainJobType {
    NONE(0, "None"),
    /** A job whose end is known (its remaining amount is known). */
    BOUNDED(1, "Bounded"),
    /** A job whose end is not known: a migration (the guest keeps dirtying memory). */
    UNBOUNDED(2, "Unbounded"),
    /** The last job, completed (with {@link DomainJobStats} of {@code completed}). */
    COMPLETED(3, "Completed"),
    FAILED(4, "Failed"),
    CANCELLED(5, "Cancelled");

    private final int number;
    private final String label;

    DomainJobType(int number, String label) {
        this.number = number;
        this.label = label;
    }

    /** libvirt's number. */
    public int number() {
        return number;
    }

    /** virsh's word for it ({@code domjobinfo}'s "Job type"). */
    public String label() {
        return label;
    }

    public static DomainJobType of(int number) {
        for (DomainJobType t : values()) {
            if (t.number == number) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown job type " + number);
    }
}
