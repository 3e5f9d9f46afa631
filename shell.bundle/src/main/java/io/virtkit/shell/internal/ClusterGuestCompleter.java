package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.cluster.Cluster;
import io.virtkit.api.cluster.ClusterGuest;

/** Completes the names of the cluster's guests. */
@Service
public class ClusterGuestCompleter extends ClusterCompleter {

    @Override
    List<String> names(Cluster cluster) {
        return cluster.guests().stream().map(ClusterGuest::name).sorted().toList();
    }
}
