/**
 * libvirt's storage pool and volume XML as immutable, typed models ({@link
 * io.virtkit.model.storage.StoragePoolDefinition}, {@link io.virtkit.model.storage.StorageVolumeDefinition}) and
 * their codecs ({@link io.virtkit.model.storage.StoragePoolXmlCodec}, {@link
 * io.virtkit.model.storage.StorageVolumeXmlCodec}). Every element and attribute of libvirt's {@code
 * storagepool.rng} and {@code storagevol.rng} is modelled or refused; sizes are bytes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.model.storage;
