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
 * What virtinst's tools ask of a new volume beyond its size. {@code VIR_STORAGE_VOL_CREATE_PREALLOC_METADATA},
 * which virt-install passes for every new qcow2 disk: qemu-img's {@code preallocation=metadata} while the
 * allocation is below the capacity (the image spans its size but stays sparse), {@code falloc} when it is not;
 * raw files and backing stores refuse it with libvirt's words, leaving no file behind. And the qcow2 features
 * of the new volume's XML, which virt-clone copies from the original, in a copy as in a new image.
 */
class VolumeCreateOptionsTest {
    private static final long MIB = 1 << 20;
    private final HostFixtures host = new HostFixtures();
    private StoragePoolDriver driver;
    private Connection connection;
    private StoragePool pool;
    private Path target;

    @BeforeEach
    void startPool() throws Exception {
        driver = new StoragePoolDriver(StorageDirs.under(host.directory("vk-prealloc-dirs")), new QemuImg());
        connection = Open.connection(driver, "qemu:///system");
        target = host.directory("vk-prealloc-pool").resolve("pool");
        pool = connection.createStoragePool(StorageTestKit.dirPoolXml("vk-prealloc", target),
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
    void qcow2MetadataIsPreallocatedSparselyAndAFullAllocationIsReserved() throws Exception {
        StorageVolume plain = pool.createVolume(sizedVolumeXml("plain.qcow2", 64 * MIB, 0L, "qcow2"));
        StorageVolume metadata = pool.createVolume(sizedVolumeXml("metadata.qcow2", 64 * MIB, 0L, "qcow2"),
                StorageVolumeCreateFlag.PREALLOC_METADATA);
        // without an <allocation> the volume is to be fully allocated
        StorageVolume full = pool.createVolume(sizedVolumeXml("full.qcow2", 64 * MIB, null, "qcow2"),
                StorageVolumeCreateFlag.PREALLOC_METADATA);

        assertThat(Files.size(Path.of(plain.path()))).isLessThan(MIB);
        assertThat(Files.size(Path.of(metadata.path()))).as("the metadata spans the image")
                .isGreaterThanOrEqualTo(64 * MIB);
        assertThat(metadata.info().allocation()).as("but holds no data").isLessThan(4 * MIB);
        assertThat(full.info().allocation()).isGreaterThanOrEqualTo(64 * MIB);
        for (StorageVolume v : new StorageVolume[] {plain, metadata, full}) {
            assertThat(v.info().capacity()).isEqualTo(64 * MIB);
        }
    }

    @Test
    void aCopyToQcow2IsPreallocatedAndARawCopyRefusesTheFlag() throws Exception {
        StorageVolume raw = pool.createVolume(sizedVolumeXml("source.raw", 16 * MIB, 0L, "raw"));

        StorageVolume copy = pool.createVolumeFrom(sizedVolumeXml("copy.qcow2", 0, 0L, "qcow2"), raw,
                StorageVolumeCreateFlag.PREALLOC_METADATA);
        assertThat(copy.info().capacity()).isEqualTo(16 * MIB);
        assertThat(Files.size(Path.of(copy.path()))).isGreaterThanOrEqualTo(16 * MIB);
        assertThat(copy.info().allocation()).isLessThan(4 * MIB);
        // virt-clone --nonsparse: an allocation as large as the capacity reserves the whole copy
        StorageVolume full = pool.createVolumeFrom(sizedVolumeXml("full.qcow2", 16 * MIB, 16 * MIB, "qcow2"), raw,
                StorageVolumeCreateFlag.PREALLOC_METADATA);
        assertThat(full.info().allocation()).isGreaterThanOrEqualTo(16 * MIB);

        assertCode(() -> pool.createVolumeFrom(sizedVolumeXml("copy.raw", 0, 0L, "raw"), raw,
                StorageVolumeCreateFlag.PREALLOC_METADATA), "metadata preallocation is not supported for raw volumes");
        assertCode(() -> pool.createVolumeFrom(sizedVolumeXml("copy.vmdk", 0, 0L, "vmdk"), raw,
                StorageVolumeCreateFlag.PREALLOC_METADATA), "metadata preallocation only available with qcow2");
        assertThat(target.resolve("copy.raw")).doesNotExist();
        assertThat(target.resolve("copy.vmdk")).doesNotExist();
    }

    @Test
    void aCopyToQcow2TakesTheNewVolumesFeatures() throws Exception {
        StorageVolume raw = pool.createVolume(sizedVolumeXml("source.raw", MIB, 0L, "raw"));
        String lazy = "<features><lazy_refcounts/></features>";

        StorageVolume copy = pool.createVolumeFrom("<volume><name>lazy.qcow2</name><capacity>0</capacity>"
                + "<allocation>0</allocation><target><format type='qcow2'/>" + lazy + "</target></volume>", raw);
        assertThat(qemuImgInfo(copy)).containsPattern("\"lazy-refcounts\":\\s*true");
        StorageVolume plain = pool.createVolumeFrom(sizedVolumeXml("plain.qcow2", 0, 0L, "qcow2"), raw);
        assertThat(qemuImgInfo(plain)).containsPattern("\"lazy-refcounts\":\\s*false");

        assertCode(() -> pool.createVolumeFrom("<volume><name>old.qcow2</name><capacity>0</capacity>"
                + "<target><format type='qcow2'/><compat>0.10</compat>" + lazy + "</target></volume>", raw),
                "lazy_refcounts not supported with compat level 0.10");
        assertThat(target.resolve("old.qcow2")).doesNotExist();
    }

    private static String qemuImgInfo(StorageVolume volume) {
        return HostCommand.run(java.util.List.of("qemu-img", "info", "--output=json", volume.path())).stdout();
    }

    @Test
    void rawFilesAndBackingStoresRefuseTheFlagAndLeaveNothing() throws Exception {
        StorageVolume base = pool.createVolume(sizedVolumeXml("base.raw", MIB, 0L, "raw"));

        assertCode(() -> pool.createVolume(sizedVolumeXml("new.raw", MIB, 0L, "raw"),
                StorageVolumeCreateFlag.PREALLOC_METADATA), "metadata preallocation is not supported for raw volumes");
        assertCode(() -> pool.createVolume(sizedVolumeXml("overlay.qcow2", MIB, 0L, "qcow2", "<backingStore><path>"
                + base.path() + "</path><format type='raw'/></backingStore>"),
                StorageVolumeCreateFlag.PREALLOC_METADATA), "metadata preallocation conflicts with backing store");
        // a reflink copy is not offered: libvirt's flag check names the function
        StorageTestKit.assertCode(() -> pool.createVolume(sizedVolumeXml("reflink.qcow2", MIB, 0L, "qcow2"),
                StorageVolumeCreateFlag.REFLINK), ErrorCode.INVALID_ARG,
                "unsupported flags (0x2) in function virStorageVolCreateXML");

        try (var files = Files.list(target)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("base.raw");
        }
    }

    private static String sizedVolumeXml(String name, long capacity, Long allocation, String format, String... extra) {
        return "<volume><name>" + name + "</name><capacity>" + capacity + "</capacity>"
                + (allocation == null ? "" : "<allocation>" + allocation + "</allocation>")
                + "<target><format type='" + format + "'/></target>" + String.join("", extra) + "</volume>";
    }

    private static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
        StorageTestKit.assertCode(call, ErrorCode.CONFIG_UNSUPPORTED, text);
    }
}
