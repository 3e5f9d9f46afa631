package io.virtkit.test.internal;

import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeResizeFlag;

/**
 * Core's join of a connection's two sides on test:///default: a volume a running guest has as a disk (by path
 * or as {@code <disk type='volume'>}) is not deleted, wiped or shrunk, with libvirt's wording for a volume in
 * use; once the guest stops it can be.
 */
class TestDriverVolumeInUseTest {
    private static final long MIB = 1 << 20;
    private TestDriver driver;
    private Connection conn;

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private static String guest(String name, String disk) {
        return "<domain type='test'><name>" + name + "</name><memory unit='KiB'>1024</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os><devices>" + disk + "</devices></domain>";
    }

    @Test
    void aVolumeARunningGuestUsesIsStillInUse() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");
        StorageVolume byPath = pool.createVolume(TestDriverStorageTest.volume("by-path.img", "4194304", "4"));
        StorageVolume byName = pool.createVolume(TestDriverStorageTest.volume("by-name.img", "4194304", "4"));
        StorageVolume free = pool.createVolume(TestDriverStorageTest.volume("free.img", "4194304", "4"));

        Domain file = conn.createDomain(guest("uses-path", "<disk type='file' device='disk'><source file='"
                + byPath.path() + "'/><target dev='vda' bus='virtio'/></disk>"));
        Domain volume = conn.defineDomain(guest("uses-volume", "<disk type='volume' device='disk'>"
                + "<source pool='default-pool' volume='by-name.img'/><target dev='vda' bus='virtio'/></disk>"));
        volume.start();

        for (StorageVolume v : new StorageVolume[] {byPath, byName}) {
            String inUse = "Requested operation is not valid: volume '" + v.name() + "' is still in use.";
            assertVirtError(v::delete, ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE, inUse);
            assertVirtError(v::wipe, ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE, inUse);
            assertVirtError(() -> v.resize(MIB, StorageVolumeResizeFlag.SHRINK), ErrorCode.OPERATION_INVALID,
                    ErrorDomain.STORAGE, inUse);
            // growing harms no guest: it goes to the driver (which, as libvirt's test driver, cannot resize)
            assertVirtError(() -> v.resize(8 * MIB), ErrorCode.NO_SUPPORT, ErrorDomain.NONE,
                    "this function is not supported by the connection driver: virStorageVolResize");
        }
        free.delete();
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).contains("by-path.img", "by-name.img");

        file.destroy();
        byPath.delete();
        volume.destroy();
        byName.delete();
        assertThat(pool.listVolumes()).extracting(StorageVolume::name)
                .doesNotContain("by-path.img", "by-name.img", "free.img");
    }
}
