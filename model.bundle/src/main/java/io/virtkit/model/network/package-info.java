/**
 * libvirt's network XML as an immutable, typed model ({@link io.virtkit.model.network.NetworkDefinition})
 * and the one codec that parses and formats it ({@link io.virtkit.model.network.NetworkXmlCodec}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.virtkit.model.network;
