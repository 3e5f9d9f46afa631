package io.virtkit.shell.internal;

import java.util.List;
import java.util.UUID;

import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterHost;

/**
 * Finds a member of the cluster from a HOST argument: its UUID, or its name. Host names are what an operator types,
 * but nothing stops two machines from sharing one, so a name that matches more than one member is refused with the
 * UUIDs to choose from rather than picking one.
 */
final class ClusterHostLookup {

    private ClusterHostLookup() {
    }

    /**
     * @throws CommandException "error: no host 'x' in the cluster" for a name or UUID no live member has (virsh has no
     *         hosts; this is its "failed to get …" turned to say where it looked), or the ambiguity
     */
    static ClusterHost find(Cluster cluster, String text) throws CommandException {
        List<ClusterHost> hosts = cluster.hosts();
        UUID uuid = uuid(text);
        if (uuid != null) {
            for (ClusterHost host : hosts) {
                if (host.uuid().equals(uuid)) {
                    return host;
                }
            }
        }
        List<ClusterHost> named = hosts.stream().filter(h -> h.hostname().equals(text)).toList();
        if (named.size() == 1) {
            return named.get(0);
        }
        if (named.isEmpty()) {
            throw Errors.of("no host '" + text + "' in the cluster");
        }
        throw Errors.of("host name '" + text + "' is ambiguous in the cluster: give one of "
                + String.join(", ", named.stream().map(h -> h.uuid().toString()).toList()));
    }

    private static UUID uuid(String text) {
        try {
            return UUID.fromString(text.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
