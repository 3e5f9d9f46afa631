package io.virtkit.cluster.internal.zk;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.ClusterConfig;

/**
 * The embedded ensemble's peers from config {@code peers}: {@code ID=ADDRESS} with the configured quorum, election
 * and client ports, or {@code ID=ADDRESS:QUORUMPORT:ELECTIONPORT:CLIENTPORT} where one machine runs several peers
 * (tests).
 */
public record PeerList(List<Peer> peers) {

    /** One peer of the ensemble. */
    public record Peer(int id, String address, int quorumPort, int electionPort, int clientPort) {
        /** The address its clients connect to. */
        public String clientAddress() {
            return address + ":" + clientPort;
        }
    }

    public PeerList {
        peers = List.copyOf(peers);
    }

    public static PeerList parse(ClusterConfig config) {
        List<Peer> peers = new ArrayList<>();
        for (String item : config.peers().split(",")) {
            String entry = item.strip();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            try {
                if (eq <= 0) {
                    throw new IllegalArgumentException();
                }
                int id = Integer.parseInt(entry.substring(0, eq).strip());
                String[] parts = entry.substring(eq + 1).strip().split(":");
                if (parts[0].isBlank() || (parts.length != 1 && parts.length != 4) || id < 1) {
                    throw new IllegalArgumentException();
                }
                peers.add(parts.length == 1
                        ? new Peer(id, parts[0], config.quorumPort(), config.electionPort(), config.clientPort())
                        : new Peer(id, parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]),
                                Integer.parseInt(parts[3])));
            } catch (IllegalArgumentException e) {
                throw invalid("peer '" + entry + "' is not ID=ADDRESS or ID=ADDRESS:QUORUMPORT:ELECTIONPORT:CLIENTPORT");
            }
        }
        if (peers.isEmpty()) {
            throw invalid("no peers configured");
        }
        if (peers.stream().map(Peer::id).distinct().count() != peers.size()) {
            throw invalid("peer ids in '" + config.peers() + "' are not unique");
        }
        return new PeerList(peers);
    }

    /** The peer with this id; the configuration error when it is not in the list. */
    public Peer self(int peerId) {
        return peers.stream().filter(p -> p.id() == peerId).findFirst()
                .orElseThrow(() -> invalid("peerId " + peerId + " is not one of the peers"));
    }

    /** Every peer's client address, comma separated: the session's connect string. */
    public String connectString() {
        return peers.stream().map(Peer::clientAddress).collect(Collectors.joining(","));
    }

    private static VirtException invalid(String why) {
        return new VirtException(ErrorCode.CONFIG_UNSUPPORTED, ErrorDomain.CONF, "cluster " + why);
    }
}
