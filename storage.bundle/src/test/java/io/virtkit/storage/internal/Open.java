package io.virtkit.storage.internal;

import io.virtkit.api.Connection;
import io.virtkit.core.conformance.HypervisorWithoutDomains;
import io.virtkit.core.internal.DefaultConnectionFactory;

/** Public connections to the storage driver through core, as a QEMU or LXC connection joins it. */
final class Open {
    private Open() {
    }

    /** A connection to {@code uri} (qemu:/// or lxc:///) whose pools are {@code driver}'s; the caller closes it. */
    static Connection connection(StoragePoolDriver driver, String uri) {
        return new DefaultConnectionFactory().withHypervisorDriver(new HypervisorWithoutDomains("qemu", "lxc"))
                .withStorageDriver(driver).open(uri);
    }
}
