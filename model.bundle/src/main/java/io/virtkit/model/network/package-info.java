/**
 * libvirt's network XML as an immutable, typed model ({@link io.virtkit.model.network.NetworkDefinition})
 * and its codec ({@link io.virtkit.model.network.NetworkXmlCodec}). 2.0: every element of libvirt's network
 * schema is modelled, addresses are {@link java.net.InetAddress} (IPv4 and IPv6).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.virtkit.model.network;
