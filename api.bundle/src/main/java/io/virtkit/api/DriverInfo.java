package io.virtkit.api;

import java.util.Set;

/** A hypervisor driver registered at the moment it was listed: its name and the URI schemes it serves. */
public record DriverInfo(String name, Set<String> schemes) {
    public DriverInfo {
        schemes = Set.copyOf(schemes);
    }
}
