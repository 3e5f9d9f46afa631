/**
 * The parts of libvirt's network XML that a network and a domain's {@code <interface>} share (libvirt's
 * {@code networkcommon.rng}): {@link io.virtkit.model.netcommon.Bandwidth}, {@link io.virtkit.model.netcommon.Vlan},
 * {@link io.virtkit.model.netcommon.VirtualPort}, {@link io.virtkit.model.netcommon.IpRoute} and
 * {@link io.virtkit.model.netcommon.PortOptions}, as immutable values. Optional parts are {@code null} when absent.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.model.netcommon;
