/**
 * libvirt's domain snapshot XML ({@code <domainsnapshot>}) as an immutable, typed model
 * ({@link io.virtkit.model.snapshot.SnapshotDefinition}) and its codec ({@link io.virtkit.model.snapshot.SnapshotXmlCodec}):
 * name, description, state, creation time, parent, memory and disk settings, and the domain definition the snapshot
 * keeps.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.model.snapshot;
