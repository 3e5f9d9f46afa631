package io.virtkit.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One domain's statistics, virsh {@code domstats} style: ordered keys, number or string values. */
public record DomainStats(String domainName, Map<String, Object> fields) {
    public DomainStats {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }
}
