package io.virtkit.model.network;

import java.util.Objects;

/**
 * A DNS {@code <srv>} record; optional parts are {@code null}.
 *
 * @param service  the service's name (at most 15 characters)
 * @param protocol the protocol's name ({@code tcp}, {@code udp} …)
 * @param domain   the domain, or {@code null}
 * @param target   the host offering the service, or {@code null}
 * @param port     its port, or {@code null}
 * @param priority the record's priority, or {@code null}
 * @param weight   the record's weight, or {@code null}
 */
public record DnsSrv(String service, String protocol, String domain, String target, Integer port, Integer priority,
        Integer weight) {

    public DnsSrv {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(protocol, "protocol");
    }
}
