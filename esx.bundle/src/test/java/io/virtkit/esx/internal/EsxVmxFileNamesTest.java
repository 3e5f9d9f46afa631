package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.MoRef;

/** The connected .vmx file names and the storage helpers' parsing, without a host. */
class EsxVmxFileNamesTest {

    private static EsxDatastore datastore(String name, String mountPath, String url) {
        return new EsxDatastore(new MoRef("Datastore", name), name, true, 0, 0, mountPath, url, null,
                new MoRef("HostDatastoreBrowser", name));
    }

    private static final List<EsxDatastore> HOST = List.of(
            datastore("datastore 1", "/vmfs/volumes/5f0c2a1e-11aa22bb", "ds:///vmfs/volumes/5f0c2a1e-11aa22bb/"),
            datastore("nfs", "/vmfs/volumes/0a1b2c3d-4e5f6a7b", "ds:///vmfs/volumes/0a1b2c3d-4e5f6a7b/"));

    @Test
    void readsPathsUnderAMountPathAsDatastorePaths() {
        EsxVmxFileNames names = new EsxVmxFileNames(() -> HOST, "[datastore 1] vm");
        assertThat(names.parse("/vmfs/volumes/5f0c2a1e-11aa22bb/vm/disk.vmdk", false))
                .isEqualTo("[datastore 1] vm/disk.vmdk");
        assertThat(names.parse("/vmfs/volumes/0a1b2c3d-4e5f6a7b//iso/x.iso", true)).isEqualTo("[nfs] iso/x.iso");
        assertThat(names.parse("/vmfs/volumes/nfs/iso/x.iso", true)).isEqualTo("[nfs] iso/x.iso");
        assertThat(names.parse("disk2.vmdk", false)).isEqualTo("[datastore 1] vm/disk2.vmdk");
        assertThat(names.parse("/dev/cdrom", true)).isEqualTo("/dev/cdrom");
        assertThat(names.parse("/vmfs/volumes/gone/x.iso", true)).isEqualTo("/vmfs/volumes/gone/x.iso");
    }

    @Test
    void writesDatastorePathsUnderTheMountPath() {
        EsxVmxFileNames names = new EsxVmxFileNames(() -> HOST, null);
        assertThat(names.format("[datastore 1] vm/disk.vmdk"))
                .isEqualTo("/vmfs/volumes/5f0c2a1e-11aa22bb/vm/disk.vmdk");
        assertThat(names.format("/dev/cdrom")).isEqualTo("/dev/cdrom");
        assertThatThrownBy(() -> names.format("[gone] x.vmdk")).isInstanceOf(VirtException.class)
                .hasMessage("internal error: Could not find datastore with name 'gone'");
    }

    @Test
    void readsTheHostsDatastoresOnceAndOnlyForAbsolutePaths() {
        AtomicInteger reads = new AtomicInteger();
        EsxVmxFileNames names = new EsxVmxFileNames(() -> {
            reads.incrementAndGet();
            return HOST;
        }, "[nfs] vm");
        names.parse("disk.vmdk", false);
        assertThat(reads).hasValue(0);
        names.parse("/vmfs/volumes/0a1b2c3d-4e5f6a7b/a.vmdk", false);
        names.format("[nfs] b.vmdk");
        assertThat(reads).hasValue(1);
    }

    @Test
    void aPoolsUuidIsTheMd5OfItsMountPath() {
        // md5("/vmfs/volumes/5f0c2a1e-11aa22bb"), as libvirt makes the pool's UUID
        assertThat(HOST.get(0).uuid().toString()).isEqualTo(md5Uuid("/vmfs/volumes/5f0c2a1e-11aa22bb"));
        assertThat(HOST.get(0).hostDirectory()).isEqualTo("/vmfs/volumes/5f0c2a1e-11aa22bb");
    }

    @Test
    void readsDiskUuidsAndFolderPathsAsTheHostWritesThem() {
        assertThat(EsxVolumeFiles.reformatUuid("60 00 C2 9b 4c 55 e9 1b-2b 58 2d 3c 0e 33 16 a1"))
                .isEqualTo("6000c29b-4c55-e91b-2b58-2d3c0e3316a1");
        assertThatThrownBy(() -> EsxVolumeFiles.reformatUuid("60 00")).isInstanceOf(VirtException.class);
        assertThat(EsxVolumeFiles.directoryOf("[datastore 1] vm dir/")).isEqualTo("vm dir");
        assertThat(EsxVolumeFiles.directoryOf("[datastore 1]")).isEmpty();
    }

    private static String md5Uuid(String text) {
        try {
            byte[] md5 = java.security.MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String hex = java.util.HexFormat.of().formatHex(md5);
            return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                    + hex.substring(16, 20) + "-" + hex.substring(20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
