/**
 * The daemon administration view (libvirt's {@code virt-admin}): which sockets a remote daemon listens
 * on and which clients are connected. Implemented by the remote daemon bundle; read by the shell.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.virtkit.api.admin;
