/**
 * libvirt's domain XML as an immutable, typed model ({@link io.virtkit.model.domain.DomainDefinition})
 * and the entry point that parses and formats it ({@link io.virtkit.model.domain.DomainXmlCodec}): for
 * drivers, the shell and the remote daemon, as libvirt's {@code src/conf} is for its drivers. Not part of
 * the stable API, which speaks XML strings. The codec's work is done per element family in the private
 * package {@code io.virtkit.model.internal.domain}, whose documentation says which class reads which element,
 * where the list of what is not yet modelled is, and how to add a family.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.virtkit.model.domain;
