/**
 * The codecs of libvirt's storage pool and volume XML behind {@link io.virtkit.model.storage.StoragePoolXmlCodec}
 * and {@link io.virtkit.model.storage.StorageVolumeXmlCodec}, one per element family. Private to the model
 * bundle.
 *
 * <h2>Which class reads which element</h2>
 * <pre>
 * pool (type, name, uuid, sizes, features, target, refresh, fs:/rbd: options)   StoragePoolXml
 *   source (host, device, dir, name, initiator, format, auth, protocol …)    PoolSourceXml
 *     adapter (scsi_host by name or parent address, fc_host)                  AdapterXml
 * volume (type, name, key, source extents, sizes)                             StorageVolumeXml
 *   target (with encryption), backingStore                                    VolumeTargetXml
 * sizes with units, permissions, timestamps (both formats)                    StorageValuesXml
 * the document, its root and the key check (both formats)                     StorageDocument
 * libvirt's error wording, typed attribute readers                            StorageErrors
 * </pre>
 *
 * <h2>Nothing dropped</h2>
 * Each codec declares the keys it reads ({@code MODELLED}); {@link io.virtkit.model.internal.storage.StorageKeys}
 * joins them into paths from the root. After parsing, {@link io.virtkit.model.internal.xml.XmlKeys#check}
 * refuses with CONFIG_UNSUPPORTED anything not modelled; {@code pool-not-modelled.txt} and
 * {@code volume-not-modelled.txt} list, refused, the few schema keys libvirt itself would lose. Where libvirt
 * reads a key and then ignores it (a source part a pool type does not use, a target of a network pool, mount
 * options outside fs/netfs, a cipher outside luks), the codecs refuse it too. {@code StorageSchemaKeysTest}
 * walks libvirt's {@code storagepool.rng} and {@code storagevol.rng} so this cannot go stale;
 * {@code StorageVirshComparisonTest} and {@code StorageXmlCodecErrorTest} hold the output and the errors
 * against libvirt's own test driver.
 */
package io.virtkit.model.internal.storage;
