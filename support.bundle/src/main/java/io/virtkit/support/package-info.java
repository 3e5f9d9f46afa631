/**
 * What the hypervisor drivers share, once: the record-keeping hypervisor connection over a driver's
 * domain records and operations, object lists with libvirt's lookups and errors, event dispatch, durable
 * atomic files and status files, host facts (node info, sysinfo). Drivers use it; the public API and core
 * do not depend on a driver's view of it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.7.0")
package io.virtkit.support;
