package io.virtkit.storage.internal;

import static io.virtkit.storage.internal.StorageTestKit.assertCode;
import static io.virtkit.storage.internal.StorageTestKit.dirPoolXml;
import static io.virtkit.storage.internal.StorageTestKit.download;
import static io.virtkit.storage.internal.StorageTestKit.randomBytes;
import static io.virtkit.storage.internal.StorageTestKit.upload;
import static io.virtkit.storage.internal.StorageTestKit.volumeXml;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeWipeAlgorithm;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageVolumeRef;

/**
 * {@code virStorageVolWipePattern} on file volumes of a dir pool with the real scrub: every algorithm but zero
 * and trim overwrites the volume in place (content changed, size kept); trim, an unknown number and a failing
 * or missing scrub are refused in libvirt's words.
 */
class WipePatternsTest {
    private static final int SIZE = 256 * 1024;
    private final HostFixtures host = new HostFixtures();
    private StoragePoolDriver driver;
    private Connection connection;
    private StoragePool pool;

    @BeforeEach
    void open() throws Exception {
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-wipe-storage")), new QemuImg());
        connection = Open.connection(driver, "qemu:///session");
        pool = connection.createStoragePool(dirPoolXml("vk-wipe", host.directory("vk-wipe-pool").resolve("p")),
                StoragePoolCreateFlag.WITH_BUILD);
    }

    @AfterEach
    void close() throws Exception {
        try {
            StorageTestKit.quietly(pool::destroy);
            connection.close();
            driver.close();
        } finally {
            host.close();
        }
    }

    @Test
    void everyScrubAlgorithmOverwritesTheVolumeInPlace() throws Exception {
        byte[] data = randomBytes(SIZE);
        for (StorageVolumeWipeAlgorithm a : StorageVolumeWipeAlgorithm.values()) {
            if (a == StorageVolumeWipeAlgorithm.TRIM) {
                continue;
            }
            StorageVolume vol = pool.createVolume(volumeXml(a.label() + ".raw", SIZE, "raw"));
            upload(vol, data, false);
            vol.wipe(a);
            byte[] after = download(vol, false);
            assertThat(after).as(a.label()).hasSize(SIZE).isNotEqualTo(data);
            assertThat(Files.size(Path.of(vol.path()))).as(a.label()).isEqualTo(SIZE);
            assertThat(vol.info().capacity()).as(a.label()).isEqualTo(SIZE);
            if (a == StorageVolumeWipeAlgorithm.ZERO) {
                assertThat(after).containsOnly(0);
            }
            vol.delete();
        }
    }

    @Test
    void aSecondScrubOfTheSameVolumeRunsAgain() throws Exception {
        StorageVolume vol = pool.createVolume(volumeXml("twice.raw", SIZE, "raw"));
        vol.wipe(StorageVolumeWipeAlgorithm.RANDOM);
        byte[] first = download(vol, false);
        vol.wipe(StorageVolumeWipeAlgorithm.RANDOM); // scrub's signature from the first run does not stop it
        assertThat(download(vol, false)).hasSize(SIZE).isNotEqualTo(first);
    }

    @Test
    void trimAnUnknownAlgorithmAndAFailingScrubAreLibvirtsErrors() throws Exception {
        StorageVolume vol = pool.createVolume(volumeXml("v.raw", SIZE, "raw"));
        byte[] data = randomBytes(SIZE);
        upload(vol, data, false);
        assertCode(() -> vol.wipe(StorageVolumeWipeAlgorithm.TRIM), ErrorCode.ARGUMENT_UNSUPPORTED,
                "'trim' algorithm not supported");
        try (StorageConnection spi = driver.open(OpenRequest.of("qemu:///session"), ConnectionEvents.NONE)
                .orElseThrow()) {
            StorageVolumeRef ref = new StorageVolumeRef("vk-wipe", "v.raw", vol.path());
            assertCode(() -> spi.wipeStorageVolumePattern(ref, 10, 0), ErrorCode.INVALID_ARG,
                    "wiping algorithm 10 not supported");
        }
        assertThat(download(vol, false)).isEqualTo(data);

        HostVolume gone = new HostVolume("gone.raw", Path.of(vol.path()).resolveSibling("gone.raw"),
                HostVolume.Kind.FILE, "raw", SIZE, 0, null, null);
        assertCode(() -> WipePatterns.scrub(gone, StorageVolumeWipeAlgorithm.DOD, WipePatterns.SCRUB),
                ErrorCode.INTERNAL_ERROR, "Child process (scrub -f -p dod " + gone.path()
                        + ") unexpected exit status 1: scrub: " + gone.path() + " does not exist");
        HostVolume v = new HostVolume("v.raw", Path.of(vol.path()), HostVolume.Kind.FILE, "raw", SIZE, 0, null, null);
        assertCode(() -> WipePatterns.scrub(v, StorageVolumeWipeAlgorithm.DOD, "vk-no-such-scrub"),
                ErrorCode.SYSTEM_ERROR, "Cannot find 'vk-no-such-scrub' in path: No such file or directory");
        assertThat(download(vol, false)).isEqualTo(data);
    }
}
