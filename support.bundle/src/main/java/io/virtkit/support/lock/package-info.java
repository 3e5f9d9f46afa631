/**
 * Disk leases as libvirt's lockd takes them (its virtlockd and lock spaces), for the lock manager a host
 * registers ({@link io.virtkit.api.driver.DomainLockManager}) and for drivers' tests: open-file-description
 * write locks on byte 0 of a disk or of its file in a shared lockspace directory.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.support.lock;
