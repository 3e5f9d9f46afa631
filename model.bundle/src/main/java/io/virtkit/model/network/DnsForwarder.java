package io.virtkit.model.network;

import java.net.InetAddress;

/**
 * A DNS {@code <forwarder>}: where queries (for {@code domain}, or all) go; at least one part is set.
 *
 * @param address the upstream server, or {@code null} (with a domain: resolve it locally only)
 * @param domain  the domain the forwarder serves, or {@code null} for every query
 */
public record DnsForwarder(InetAddress address, String domain) {
}
