package io.virtkit.remote.internal;

import java.util.Comparator;
import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.Network;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.XmlFlag;

/**
 * Everything a client can change on a driver, as text: each domain (identity, state, persistence, autostart, managed
 * save image, live and inactive XML, snapshots and the current one), network (state, autostart, XML) and storage pool
 * (state, autostart, XML, each volume's XML and sizes), in name order. Two snapshots are equal when no call changed
 * anything in between, so the fuzz targets can assert that a refused call left the driver as it was.
 */
record DriverStateSnapshot(String text) {

    static DriverStateSnapshot of(Connection c) {
        StringBuilder s = new StringBuilder();
        for (Domain d : byName(c.listAllDomains(), Domain::name)) {
            s.append("domain ").append(d.name()).append(' ').append(d.uuid()).append(" id ").append(d.id())
                    .append(' ').append(d.state()).append(" persistent ").append(d.isPersistent())
                    .append(" autostart ").append(d.autostart()).append(" managedsave ")
                    .append(d.hasManagedSaveImage()).append('\n').append(d.xml(XmlFlag.SECURE)).append('\n');
            if (d.isPersistent()) {
                s.append(d.xml(XmlFlag.SECURE, XmlFlag.INACTIVE)).append('\n');
            }
            for (DomainSnapshot snap : byName(d.listAllSnapshots(), DomainSnapshot::name)) {
                s.append("snapshot ").append(snap.name()).append(" current ").append(snap.isCurrent()).append('\n')
                        .append(snap.xml()).append('\n');
            }
        }
        for (Network n : byName(c.listAllNetworks(), Network::name)) {
            s.append("network ").append(n.name()).append(" active ").append(n.isActive()).append(" persistent ")
                    .append(n.isPersistent()).append(" autostart ").append(n.autostart()).append('\n')
                    .append(n.xml()).append('\n');
            if (n.isPersistent()) {
                s.append(n.xml(XmlFlag.INACTIVE)).append('\n');
            }
        }
        for (StoragePool p : byName(c.listAllStoragePools(), StoragePool::name)) {
            s.append("pool ").append(p.name()).append(' ').append(p.info()).append(" persistent ")
                    .append(p.isPersistent()).append(" autostart ").append(p.autostart()).append('\n')
                    .append(p.xml()).append('\n');
            if (p.isPersistent()) {
                s.append(p.xml(StorageXmlFlag.INACTIVE)).append('\n');
            }
            if (p.isActive()) {
                for (StorageVolume v : byName(p.listVolumes(), StorageVolume::name)) {
                    s.append("volume ").append(v.name()).append(' ').append(v.info()).append('\n').append(v.xml())
                            .append('\n');
                }
            }
        }
        return new DriverStateSnapshot(s.toString());
    }

    private static <T> List<T> byName(List<T> items, java.util.function.Function<T, String> name) {
        return items.stream().sorted(Comparator.comparing(name)).toList();
    }
}
