package io.virtkit.model.network;

import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.VirtualPort;
import io.virtkit.model.netcommon.Vlan;
import java.util.Objects;

/**
 * A {@code <portgroup>}: settings guests' interfaces pick by name; optional parts are {@code null}.
 *
 * @param name                the group's name
 * @param isDefault           whether interfaces naming no group get this one ({@code default}), or {@code null}
 * @param trustGuestRxFilters whether guests' receive filters are trusted, or {@code null}
 * @param virtualPort         the port profile, or {@code null}
 * @param bandwidth           the QoS, or {@code null}
 * @param vlan                the VLAN tags, or {@code null}
 */
public record PortGroup(String name, Boolean isDefault, Boolean trustGuestRxFilters, VirtualPort virtualPort,
        Bandwidth bandwidth, Vlan vlan) {

    public PortGroup {
        Objects.requireNonNull(name, "name");
    }
}
