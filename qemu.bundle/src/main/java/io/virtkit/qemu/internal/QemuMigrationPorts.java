package io.virtkit.qemu.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The ports incoming migrations listen on (libvirt's {@code virPortAllocator} over {@code migration_port_min..max}):
 * a port is handed out when no migration of this driver holds it and it can be bound now, and comes back when the
 * incoming migration ends.
 */
final class QemuMigrationPorts {

    private final int min;
    private final int max;
    private final Set<Integer> used = new HashSet<>(); // guarded by this

    QemuMigrationPorts(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /** A free port; INTERNAL_ERROR in libvirt's words when the range has none. */
    synchronized int acquire() {
        for (int port = min; port <= max; port++) {
            if (!used.contains(port) && bindable(port)) {
                used.add(port);
                return port;
            }
        }
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU,
                "Unable to find an unused port in range 'migration' (" + min + "-" + max + ")");
    }

    /** Marks a port the caller named as held (it is not checked: QEMU's bind says whether it is free). */
    synchronized boolean hold(int port) {
        return used.add(port);
    }

    synchronized void release(int port) {
        used.remove(port);
    }

    private static boolean bindable(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
