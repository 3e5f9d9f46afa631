package io.virtkit.storage.internal;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.virtkit.api.Connection;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.qemu.internal.QemuDriver;
import io.virtkit.qemu.internal.QemuDriverSettings;

/**
 * The real QEMU driver and the storage driver joined on {@code qemu:///session} (the QEMU driver's volume disks
 * resolve through the session's pools, as it is wired in tests), for tests of guests with volumes; made in a
 * test's constructor, closed after each test. Closing it closes the drivers and kills what a failed test left
 * running (its guests carry {@link #uuid}), then undoes {@link #host} (where the test makes its directories).
 */
final class QemuWithStorage implements AutoCloseable {
    static final String EMULATOR = "/usr/bin/qemu-system-x86_64";

    final UUID uuid = UUID.randomUUID();
    final StoragePoolDriver storage;
    final QemuDriver qemu;
    final Connection connection;
    final HostFixtures host = new HostFixtures();

    QemuWithStorage(String prefix) throws IOException {
        try {
            storage = new StoragePoolDriver(StorageDirs.under(host.directory(prefix + "-storage")), new QemuImg());
            qemu = new QemuDriver(QemuDriverSettings.forTests(EMULATOR, host.directory(prefix + "-qemu")), null);
            qemu.addStorageDriver(storage);
            connection = new DefaultConnectionFactory().withHypervisorDriver(qemu).withStorageDriver(storage)
                    .open("qemu:///session");
        } catch (IOException | RuntimeException e) {
            host.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
            qemu.close();
            storage.close();
        } finally {
            // the driver leaves guests running when it closes (as libvirtd does); a failed test's are ours
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(uuid.toString())).orElse(false))
                    .forEach(p -> {
                        p.destroyForcibly();
                        p.onExit().orTimeout(10, TimeUnit.SECONDS).join();
                    });
            host.close();
        }
    }
}
