package io.virtkit.storage.internal;

/**
 * libvirt's pool build flags as they reach a backend: none (only the target directory is made), no-overwrite
 * (the device is formatted only when it holds nothing) and overwrite (formatted whatever it holds).
 */
enum PoolBuildMode {
    /** No flag: an fs pool gets its target directory only, its device is left alone. */
    DEFAULT,
    /** VIR_STORAGE_POOL_BUILD_NO_OVERWRITE: refuse a device that already holds a file system or label. */
    NO_OVERWRITE,
    /** VIR_STORAGE_POOL_BUILD_OVERWRITE: format the device whatever it holds. */
    OVERWRITE
}
