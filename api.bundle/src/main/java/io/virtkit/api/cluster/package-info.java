/**
 * Many hosts as one (beyond libvirt, which manages one host at a time): the members of a Virtkit cluster, the
 * inventory of every domain on every member, cluster guests (defined once for all hosts, run by at most one at any
 * moment, restarted elsewhere when their host dies if marked HA) and the placement policy choosing their host.
 * Implemented by the cluster bundle over Apache ZooKeeper and registered as the {@link io.virtkit.api.cluster.Cluster}
 * service while that bundle is active; read by the shell and by embedders. A {@link io.virtkit.api.cluster.PlacementPolicy}
 * service of a higher ranking replaces the default policy.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.api.cluster;
