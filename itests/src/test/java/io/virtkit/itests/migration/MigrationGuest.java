package io.virtkit.itests.migration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

import io.virtkit.itests.hosts.TickingGuest;

/**
 * The guest the migration tests move, and the virtual network both hosts define for it (same name): a
 * {@link TickingGuest} with a virtio NIC on the network, its disk and console on a path both namespaces see.
 */
record MigrationGuest(String name, UUID uuid, String domainXml, String networkXml, Path console) {

    static final String NAME = "vke2e-guest";
    static final String NETWORK = "vke2e-net";

    static MigrationGuest create(Path dir) throws IOException {
        String nic = "<interface type='network'><mac address='52:54:00:7e:2e:01'/><source network='" + NETWORK + "'/>"
                + "<model type='virtio'/></interface>";
        TickingGuest guest = TickingGuest.create(dir, NAME, nic, "virtio_pci", "virtio_net");
        String network = "<network><name>" + NETWORK + "</name><bridge name='vke2ebr0'/>"
                + "<ip address='192.168.177.1' netmask='255.255.255.0'/></network>";
        return new MigrationGuest(NAME, guest.uuid(), guest.domainXml(), network, guest.console());
    }
}
