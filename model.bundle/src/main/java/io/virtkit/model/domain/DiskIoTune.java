package io.virtkit.model.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A disk's {@code <iotune>}: I/O throttling limits by libvirt's element names, and the throttle group shared
 * with other disks.
 *
 * @param limits    limit name ({@link #NAMES}) to its value, in libvirt's order of names
 * @param groupName the throttle group's name, or {@code null}
 */
public record DiskIoTune(Map<String, Long> limits, String groupName) {

    /** The limits libvirt knows, in the order it writes them ({@code group_name} comes after the first 13). */
    public static final List<String> NAMES = List.of("total_bytes_sec", "read_bytes_sec", "write_bytes_sec",
            "total_iops_sec", "read_iops_sec", "write_iops_sec", "total_bytes_sec_max", "read_bytes_sec_max",
            "write_bytes_sec_max", "total_iops_sec_max", "read_iops_sec_max", "write_iops_sec_max", "size_iops_sec",
            "total_bytes_sec_max_length", "read_bytes_sec_max_length", "write_bytes_sec_max_length",
            "total_iops_sec_max_length", "read_iops_sec_max_length", "write_iops_sec_max_length");

    public DiskIoTune {
        Map<String, Long> ordered = new LinkedHashMap<>();
        for (String name : NAMES) {
            Long value = limits == null ? null : limits.get(name);
            if (value != null) {
                ordered.put(name, value);
            }
        }
        if (limits != null && !NAMES.containsAll(limits.keySet())) {
            throw new IllegalArgumentException("unknown iotune limits in " + limits.keySet());
        }
        limits = java.util.Collections.unmodifiableMap(ordered);
    }

    /** The limit's value, or {@code null}. */
    public Long limit(String name) {
        return limits.get(name);
    }
}
