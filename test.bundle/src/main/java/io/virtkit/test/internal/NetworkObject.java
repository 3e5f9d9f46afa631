package io.virtkit.test.internal;

import java.util.UUID;

import io.virtkit.model.network.NetworkDefinition;

/**
 * One virtual network of a {@link TestState}, libvirt's {@code virNetworkObj}: its definitions and flags.
 * The test driver creates no bridge, address or DHCP server; a network is only its facts. Mutable, and
 * only touched while holding the lock of {@link TestNetworks}.
 */
final class NetworkObject {

    /** The running configuration while active; the persistent one while inactive. */
    NetworkDefinition def;
    /** A persistent definition that takes effect at the next stop (defined while active), or null. */
    NetworkDefinition nextDef;
    boolean persistent;
    boolean autostart;
    boolean active;

    NetworkObject(NetworkDefinition def, boolean persistent) {
        this.def = def;
        this.persistent = persistent;
    }

    UUID uuid() {
        return def.uuid();
    }

    String name() {
        return def.name();
    }

    /** The definition that survives a stop. */
    NetworkDefinition persistentDef() {
        return nextDef != null ? nextDef : def;
    }

    /** Back to inactive, applying a definition saved while active. */
    void markStopped() {
        active = false;
        if (nextDef != null) {
            def = nextDef;
            nextDef = null;
        }
    }
}
