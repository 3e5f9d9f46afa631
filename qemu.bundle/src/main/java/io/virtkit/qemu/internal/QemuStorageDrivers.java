package io.virtkit.qemu.internal;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageDriver;
import io.virtkit.model.domain.DomainDefinition;

/**
 * The storage sub-drivers serving {@code qemu} URIs, as OSGi hands them to {@link QemuDriver}: where a starting
 * domain's volume disks are looked up ({@link DiskVolumeSources}). As libvirt's QEMU driver opens its own
 * connection to the storage driver for that ({@code virGetConnectStorage}), this opens one for the domain's URI
 * only while resolving and closes it at once; the QEMU bundle depends on the storage SPI only, never on the
 * bundle that implements it.
 */
final class QemuStorageDrivers {

    private final List<StorageDriver> drivers = new CopyOnWriteArrayList<>();

    void add(StorageDriver driver) {
        if (driver.schemes().contains("qemu")) {
            drivers.add(driver);
        }
    }

    void remove(StorageDriver driver) {
        drivers.remove(driver);
    }

    /** {@code def} with its volume disks turned into the volumes' files and block devices, for {@code uri}. */
    DomainDefinition resolveVolumes(DomainDefinition def, String uri) {
        if (!DiskVolumeSources.needsStorage(def)) {
            return def;
        }
        // libvirt fails as its connection to the storage driver does when none is loaded
        StorageConnection storage = open(uri).orElseThrow(() -> new VirtException(ErrorCode.NO_CONNECT,
                ErrorDomain.NONE, "the storage of " + uri));
        try {
            return DiskVolumeSources.resolve(def, storage);
        } finally {
            storage.close();
        }
    }

    private Optional<StorageConnection> open(String uri) {
        for (StorageDriver driver : drivers) {
            Optional<StorageConnection> c = driver.open(OpenRequest.of(uri), ConnectionEvents.NONE);
            if (c.isPresent()) {
                return c;
            }
        }
        return Optional.empty();
    }
}
