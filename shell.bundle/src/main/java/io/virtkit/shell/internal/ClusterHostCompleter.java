package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterHost;

/**
 * Completes the names of the cluster's live members. A HOST argument also takes a UUID, but nobody types one by
 * hand: names are what is offered.
 */
@Service
public class ClusterHostCompleter extends ClusterCompleter {

    @Override
    List<String> names(Cluster cluster) {
        return cluster.hosts().stream().map(ClusterHost::hostname).distinct().sorted().toList();
    }
}
