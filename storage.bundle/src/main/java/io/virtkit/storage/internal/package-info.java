/**
 * The host side of libvirt's storage backends, over plain values (paths, byte sizes, this package's records):
 * directory pools ({@link io.virtkit.storage.internal.DirPool}), file-system pools on a block device
 * ({@link io.virtkit.storage.internal.FsPool}), LVM volume groups
 * ({@link io.virtkit.storage.internal.LogicalPool}) and raw/qcow2 file volumes
 * ({@link io.virtkit.storage.internal.FileVolumes}, through {@code qemu-img}; wiped with zeros, or with the other
 * algorithms through {@code scrub}: {@link io.virtkit.storage.internal.WipePatterns}). Errors are libvirt's codes in the
 * STORAGE domain with libvirt's wording. The storage driver's SPI glue builds on these next. What runs on volumes
 * (streams, clones, new volumes being built) is {@link io.virtkit.storage.internal.VolumeJobs}': such volumes are
 * refused to other changes, and a new volume is built under a hidden name and published only once whole, so a
 * failure or a crash half-way leaves no volume that looks whole.
 */
package io.virtkit.storage.internal;
