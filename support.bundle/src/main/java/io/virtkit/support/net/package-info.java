/**
 * The services the network bundle offers the hypervisor drivers: TAP devices for QEMU guests and veth
 * pairs for containers, plugged into the bridges of the guest's {@code <interface>}.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.virtkit.support.net;
