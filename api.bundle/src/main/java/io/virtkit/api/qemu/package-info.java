/**
 * QEMU-specific additions to the API, as libvirt's {@code libvirt-qemu.h}: only QEMU driver handles
 * implement them, so callers test with {@code instanceof}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.4.0")
package io.virtkit.api.qemu;
