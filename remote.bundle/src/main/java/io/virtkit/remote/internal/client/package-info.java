/**
 * libvirt's remote driver in Virtkit: a client of libvirt's RPC protocol ({@link RpcClient}: packets, serials,
 * concurrent calls matched by serial, keepalive) and the {@link RemoteDriver} that opens
 * {@code qemu+tls://host/system}, {@code test+tcp://host/default}, {@code lxc+unix:///system?socket=…} on another
 * daemon, libvirtd or Virtkit, as libvirt's client opens them. It is how Virtkit reaches a peer for a peer-to-peer
 * migration, and lets Virtkit drive a real libvirtd. {@code qemu+unix:///system} without {@code socket=} names this
 * host's own daemon, which for Virtkit is Virtkit: the driver declines it and the local drivers serve it.
 *
 * <p>What the connection answers over the wire: the host entries (type, version, hostname, node info, capabilities,
 * sysinfo, domain capabilities), every domain entry of the SPI without a default (list, lookups, define, create,
 * start, shutdown, destroy, suspend, resume, reboot, undefine, state, info, XML, autostart, active, persistent, id,
 * OS type), and migration and jobs (supportsMigration through CONNECT_SUPPORTS_FEATURE, the version 3 steps with
 * parameters, job info, job stats, abort). {@code uri()} is the URI the caller opened, transport and host included,
 * as libvirt's {@code virConnectGetURI} answers without a call. Every other SPI entry (devices, memory and vCPUs,
 * consoles, save, snapshots, stats, networks, storage) keeps the SPI's NO_SUPPORT default. Domain lifecycle events are
 * registered with the daemon (CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY) when core first has a listener, and relayed
 * to it; the registration then lasts as long as the connection (the SPI says when events become wanted, not when
 * they stop being wanted). Network and storage events are not asked for.
 *
 * <p>Only the session's setup (connect, AUTH_LIST, CONNECT_OPEN) has a time bound; later calls wait as long as
 * the connection lives, since a migration step may take minutes, and a daemon that stops answering is found by
 * keepalive as libvirt's client finds it (a PING after 5 s of silence, given up after 5 unanswered).
 */
package io.virtkit.remote.internal.client;
