package io.virtkit.model.network;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/** A DNS {@code <host>}: the names that resolve to {@code ip}, at least one. */
public record DnsHost(InetAddress ip, List<String> hostnames) {

    public DnsHost {
        Objects.requireNonNull(ip, "ip");
        hostnames = List.copyOf(hostnames);
    }
}
