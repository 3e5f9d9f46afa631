/**
 * The host side of libvirt's storage backends, over plain values (paths, byte sizes, this package's records):
 * directory pools ({@link io.virtkit.storage.internal.DirPool}), file-system pools on a block device
 * ({@link io.virtkit.storage.internal.FsPool}), LVM volume groups
 * ({@link io.virtkit.storage.internal.LogicalPool}) and raw/qcow2 file volumes
 * ({@link io.virtkit.storage.internal.FileVolumes}, through {@code qemu-img}). Errors are libvirt's codes in the
 * STORAGE domain with libvirt's wording. The storage driver's SPI glue builds on these next.
 */
package io.virtkit.storage.internal;
