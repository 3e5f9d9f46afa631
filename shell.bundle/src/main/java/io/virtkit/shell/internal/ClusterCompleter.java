package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.Cluster;

/** Completes names read from the cluster's local copy; nothing while the cluster is not running. */
abstract class ClusterCompleter implements Completer {

    /** Optional for the same reason as {@link ClusterCommand#cluster}. */
    @Reference(optional = true)
    Cluster cluster;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names = candidates();
        return names.isEmpty() ? -1 : new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    /** What {@link #names} gives, or nothing without a cluster or when it fails (the command reports that). */
    final List<String> candidates() {
        if (cluster == null) {
            return List.of();
        }
        try {
            return names(cluster);
        } catch (VirtException e) {
            return List.of();
        }
    }

    /** The names to offer, sorted. */
    abstract List<String> names(Cluster cluster);
}
