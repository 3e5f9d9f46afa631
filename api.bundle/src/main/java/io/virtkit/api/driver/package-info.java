/**
 * The sub-driver SPI, libvirt's driver tables: a driver bundle registers one service per capability it
 * offers (a {@link io.virtkit.api.driver.HypervisorDriver}, a {@link io.virtkit.api.driver.NetworkDriver},
 * a {@link io.virtkit.api.driver.StorageDriver}, later node devices, secrets …), each bound to URI schemes.
 * Core alone implements the public {@link io.virtkit.api.Connection}, {@link io.virtkit.api.Domain},
 * {@link io.virtkit.api.Network}, {@link io.virtkit.api.StoragePool} and {@link io.virtkit.api.StorageVolume}
 * over them: it checks the connection, turns the driver's {@link io.virtkit.api.driver.DomainRef}s into
 * handles, dispatches events, and answers NO_SUPPORT for what no sub-driver offers. A driver answers
 * with plain references and raises libvirt's errors; it checks every call's flags against what it
 * supports ({@link io.virtkit.api.driver.DriverFlags}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.9.0")
package io.virtkit.api.driver;
