/**
 * The driver SPI: what a hypervisor driver bundle registers so that {@link io.virtkit.api.ConnectionFactory}
 * can route URIs to it.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package io.virtkit.api.spi;
