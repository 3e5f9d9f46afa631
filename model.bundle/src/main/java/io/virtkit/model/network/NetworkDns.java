package io.virtkit.model.network;

import java.util.List;

/**
 * The network's {@code <dns>} server configuration.
 *
 * @param enable            whether the network runs a DNS server ({@code enable}), or {@code null} (yes)
 * @param forwardPlainNames whether names without a dot are forwarded upstream, or {@code null}
 * @param forwarders        upstream servers
 * @param txts              TXT records
 * @param srvs              SRV records
 * @param hosts             host records
 */
public record NetworkDns(Boolean enable, Boolean forwardPlainNames, List<DnsForwarder> forwarders, List<DnsTxt> txts,
        List<DnsSrv> srvs, List<DnsHost> hosts) {

    public NetworkDns {
        forwarders = List.copyOf(forwarders);
        txts = List.copyOf(txts);
        srvs = List.copyOf(srvs);
        hosts = List.copyOf(hosts);
    }

    /** Whether nothing is set (libvirt then writes no {@code <dns>}). */
    public boolean isEmpty() {
        return enable == null && forwardPlainNames == null && hasNoRecords();
    }

    /** Whether there are no forwarders and no records. */
    public boolean hasNoRecords() {
        return forwarders.isEmpty() && txts.isEmpty() && srvs.isEmpty() && hosts.isEmpty();
    }
}
