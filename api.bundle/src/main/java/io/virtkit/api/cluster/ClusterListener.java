package io.virtkit.api.cluster;

import org.osgi.annotation.versioning.ConsumerType;

/** Receives a cluster's events ({@link Cluster#addListener}). */
@ConsumerType
@FunctionalInterface
public interface ClusterListener {
    void onEvent(ClusterEvent event);
}
