/**
 * Following processes safely: a pidfd names one process, not a pid that the next fork may reuse. The QEMU
 * and LXC drivers follow their guests' processes through it, also after a daemon restart.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.virtkit.support.process;
