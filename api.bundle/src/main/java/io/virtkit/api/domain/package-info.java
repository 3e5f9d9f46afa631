/**
 * libvirt's domain XML as an immutable, typed model ({@link io.virtkit.api.domain.DomainDefinition})
 * and the one codec that parses and formats it ({@link io.virtkit.api.domain.DomainXmlCodec}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.virtkit.api.domain;
