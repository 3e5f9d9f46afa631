package io.virtkit.itests.migration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 16: the real virsh moves a running guest between two Virtkit hosts over TLS, A→B and back, in libvirt's
 * direct mode (virsh drives both daemons) and peer-to-peer ({@code --p2p}: A's daemon drives B's itself). After each
 * move the guest runs on the destination only, its counter went on (not rebooted, never twice), and the source
 * keeps the completed job's statistics.
 */
@ExtendWith(TwoHosts.Extension.class)
class LiveMigrationIT {

    @Test
    void directModeMovesTheRunningGuestToBAndBack(TwoHosts hosts) throws InterruptedException {
        Migrations migrations = new Migrations(hosts);
        migrations.move(hosts.a(), hosts.b());
        migrations.move(hosts.b(), hosts.a());
    }

    @Test
    void peerToPeerMovesTheRunningGuestToBAndBack(TwoHosts hosts) throws InterruptedException {
        Migrations migrations = new Migrations(hosts);
        migrations.move(hosts.a(), hosts.b(), "--p2p");
        migrations.move(hosts.b(), hosts.a(), "--p2p");
    }
}
