package io.virtkit.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A domain's job with libvirt's typed statistics, {@code virDomainGetJobStats}: {@code fields} holds libvirt's
 * names ({@code operation}, {@code time_elapsed}, {@code data_total}, {@code memory_bps}, {@code downtime},
 * {@code setup_time}, …) with Long, Integer, Double, Boolean or String values, in the order virsh prints them.
 *
 * @since 1.8
 */
public record DomainJobStats(DomainJobType type, Map<String, Object> fields) {

    /** {@code operation} values, libvirt's {@code virDomainJobOperation}. */
    public static final int OPERATION_MIGRATION_IN = 4;
    public static final int OPERATION_MIGRATION_OUT = 5;

    public DomainJobStats {
        Objects.requireNonNull(type, "type");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    public static DomainJobStats none() {
        return new DomainJobStats(DomainJobType.NONE, Map.of());
    }
}
