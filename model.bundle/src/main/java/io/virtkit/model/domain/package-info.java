/**
 * libvirt's domain XML as an immutable, typed model ({@link io.virtkit.model.domain.DomainDefinition})
 * and the one codec that parses and formats it ({@link io.virtkit.model.domain.DomainXmlCodec}): for
 * drivers, the shell and the remote daemon, as libvirt's {@code src/conf} is for its drivers. Not part of
 * the stable API, which speaks XML strings.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package io.virtkit.model.domain;
