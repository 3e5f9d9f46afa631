package io.virtkit.itests.soak;

import java.time.Duration;

/**
 * What a soak runs: how many clients of each kind (each a process of its own with one connection: virsh sessions and
 * python3-libvirt scripts), how many of each kind work on {@code qemu:///system} instead of {@code test:///default}
 * (each of those runs at most one guest at a time, so they bound the QEMUs running at once), how long, how often the
 * daemon is sampled, and from when its figures must stay flat.
 */
public record SoakPlan(int virshClients, int pythonClients, int qemuClientsPerKind, Duration length,
        Duration sampleEvery, Duration warmUp) {

    public SoakPlan {
        if (virshClients < qemuClientsPerKind || pythonClients < qemuClientsPerKind || qemuClientsPerKind < 0) {
            throw new IllegalArgumentException("qemu clients per kind (" + qemuClientsPerKind
                    + ") must be at most each kind's clients (" + virshClients + ", " + pythonClients + ")");
        }
        if (warmUp.compareTo(length) >= 0) {
            throw new IllegalArgumentException("warm-up " + warmUp + " must end before the soak (" + length + ")");
        }
    }

    public int clients() {
        return virshClients + pythonClients;
    }

    @Override
    public String toString() {
        return clients() + " clients (" + virshClients + " virsh, " + pythonClients + " python3-libvirt; "
                + qemuClientsPerKind + " of each kind on qemu:///system, the others on test:///default) for "
                + length.toSeconds() + " s, the daemon sampled every " + sampleEvery.toSeconds() + " s, flat from "
                + warmUp.toSeconds() + " s";
    }
}
