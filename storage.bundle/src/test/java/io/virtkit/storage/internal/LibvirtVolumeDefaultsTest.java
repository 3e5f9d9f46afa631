package io.virtkit.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;

/**
 * What libvirt 9.0 decides of a new volume beyond its XML: a qcow2 image without {@code <compat>} is made
 * compat 0.10 (1.1 when a feature needs it), which its XML then shows as libvirt's refresh does (no compat, no
 * features, the cluster size); and a reflink clone ({@code VIR_STORAGE_VOL_CREATE_REFLINK}, virt-clone's
 * {@code --reflink}) is raw to raw only, and fails with libvirt's words where the file system (ext4 here) has
 * no reflinks, leaving no file.
 */
class LibvirtVolumeDefaultsTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private StoragePoolDriver driver;
    private Connection connection;
    private StoragePool pool;
    private Path target;

    @BeforeEach
    void startPool() throws Exception {
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-defaults-dirs")), new QemuImg());
        connection = Open.connection(driver, "qemu:///system");
        target = host.directory("vk-defaults-pool").resolve("pool");
        pool = connection.createStoragePool(StorageTestKit.dirPoolXml("vk-defaults", target),
                io.virtkit.api.StoragePoolCreateFlag.WITH_BUILD);
    }

    @AfterEach
    void stopPool() {
        try {
            if (pool != null) {
                pool.destroy();
            }
            connection.close();
            driver.close();
        } finally {
            host.close();
        }
    }

    @Test
    void aNewQcow2IsCompat010UnlessAFeatureNeeds11() {
        StorageVolume plain = pool.createVolume(StorageTestKit.volumeXml("plain.qcow2", MIB, "qcow2"));
        assertThat(plain.xml()).doesNotContain("<compat>").doesNotContain("<features")
                .contains("<clusterSize unit='B'>65536</clusterSize>");
        StorageVolume lazy = pool.createVolume(StorageTestKit.volumeXml("lazy.qcow2", MIB, "qcow2")
                .replace("</target>", "<features><lazy_refcounts/></features></target>"));
        assertThat(lazy.xml()).contains("<compat>1.1</compat>")
                .containsPattern("<features>\\s*<lazy_refcounts/>\\s*</features>");
        StorageVolume copy = pool.createVolumeFrom(StorageTestKit.volumeXml("copy.qcow2", 0, "qcow2"), plain);
        assertThat(copy.xml()).doesNotContain("<compat>");
    }

    @Test
    void aVolumesXmlHasItsFilesStat() throws Exception {
        StorageVolume raw = pool.createVolume(StorageTestKit.volumeXml("raw.img", 12345, "raw"));
        String xml = raw.xml();
        assertThat(xml).contains("<capacity unit='bytes'>12345</capacity>", "<physical unit='bytes'>12345</physical>",
                "<mode>0600</mode>", "<btime>0</btime>",
                "<owner>" + Files.getAttribute(target.resolve("raw.img"), "unix:uid") + "</owner>");
        String mtime = FileStat.seconds(Files.getLastModifiedTime(target.resolve("raw.img")).toInstant());
        assertThat(xml).contains("<mtime>" + mtime + "</mtime>");
        assertThat(FileStat.seconds(java.time.Instant.ofEpochSecond(5, 7))).isEqualTo("5.000000007");
        assertThat(FileStat.seconds(java.time.Instant.ofEpochSecond(5))).isEqualTo("5");
    }

    @Test
    void aReflinkCloneIsRawToRawAndNeedsAFileSystemWithReflinks() {
        StorageVolume raw = pool.createVolume(StorageTestKit.volumeXml("source.img", MIB, "raw"));
        StorageTestKit.assertCode(() -> pool.createVolumeFrom(StorageTestKit.volumeXml("copy.img", 0, "raw"), raw,
                StorageVolumeCreateFlag.REFLINK), ErrorCode.SYSTEM_ERROR,
                "failed to clone files from '" + target.resolve("source.img") + "': Operation not supported");
        StorageTestKit.assertCode(() -> pool.createVolumeFrom(StorageTestKit.volumeXml("copy.qcow2", 0, "qcow2"),
                raw, StorageVolumeCreateFlag.REFLINK), ErrorCode.INVALID_ARG,
                "unsupported flags (0x2) in function storageBackendCreateQemuImg");
        assertThat(pool.listVolumes()).extracting(StorageVolume::name).containsExactly("source.img");
        assertThat(target.resolve("copy.img")).doesNotExist();
    }
}
