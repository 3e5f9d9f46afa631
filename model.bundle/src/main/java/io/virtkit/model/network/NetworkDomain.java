package io.virtkit.model.network;

import java.util.Objects;

/**
 * The network's DNS {@code <domain>}.
 *
 * @param name      the domain of the guests' names
 * @param localOnly whether queries for the domain are answered locally only ({@code localOnly}), or {@code null}
 */
public record NetworkDomain(String name, Boolean localOnly) {

    public NetworkDomain {
        Objects.requireNonNull(name, "name");
    }
}
