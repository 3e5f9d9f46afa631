/**
 * Virtkit's stable API: connections opened by URI, domains, networks, storage pools and volumes, lifecycle
 * states and events, and errors numbered as libvirt numbers them.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.8.0")
package io.virtkit.api;
