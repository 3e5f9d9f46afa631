/**
 * Cluster guests: definitions in /guests (versioned writes, {@link io.virtkit.cluster.internal.guests.GuestStore}),
 * ownership leases in /leases, and the work on them.
 * <ul>
 * <li>{@link io.virtkit.cluster.internal.guests.ClusterService} (the public {@code Cluster}) decides under the guest's
 * /locks/&lt;name&gt; mutex and sends the work to the host concerned through
 * {@link io.virtkit.cluster.internal.guests.ZkRequestClient} (/requests/&lt;host&gt;/req-N, answered in the same
 * znode, errors rethrown with the target's code, domain and message).</li>
 * <li>{@link io.virtkit.cluster.internal.guests.HostAgent} (registers {@code LocalLeases}) runs them, in order and one
 * at a time per guest; {@link io.virtkit.cluster.internal.guests.HostLeases} holds the leases: taken (EPHEMERAL)
 * before the transient domain is created, given up only after it stopped (by the cluster, outside it, a crash or
 * fencing; without quorum once the same session answers again), handed over after a live migration by the target
 * in one multi (delete at the source's version + create), taken again after a new session for guests still running
 * here (a guest whose lease another host took meanwhile is destroyed here and the split brain logged).</li>
 * <li>{@link io.virtkit.cluster.internal.guests.ClusterPlacement} asks the highest-ranked
 * {@code PlacementPolicy}; {@link io.virtkit.cluster.internal.guests.DefaultPlacementPolicy} is the lowest.</li>
 * </ul>
 */
package io.virtkit.cluster.internal.guests;
