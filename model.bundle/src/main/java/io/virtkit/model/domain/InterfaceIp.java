package io.virtkit.model.domain;

import java.util.Objects;

/**
 * An {@code <ip>} of an interface: an address the guest side (or, inside {@code <source>}, the host side) is
 * given.
 *
 * @param address the address as written
 * @param family  {@code ipv4} or {@code ipv6}, or {@code null}
 * @param prefix  the prefix length, or {@code null}
 * @param peer    the point-to-point peer's address, or {@code null}
 */
public record InterfaceIp(String address, String family, Integer prefix, String peer) {

    public InterfaceIp {
        Objects.requireNonNull(address, "address");
    }
}
