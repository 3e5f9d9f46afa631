package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real virsh's pool and volume verbs against {@link RemoteServer} on the test driver's in-memory storage
 * ({@code test+unix:///default?socket=…}): the storage procedures as libvirt's own client calls them, the stream of
 * a 256 MiB upload and download compared by checksum, and libvirt's errors as virsh prints them.
 */
class StorageVirshTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final long MIB = 1 << 20;

    @TempDir
    Path dir;
    private SocketServer server;
    private ExternalClient client;
    private Virsh virsh;

    @BeforeEach
    void start() throws IOException {
        ExternalClient.requireInstalled(Path.of(Virsh.BINARY));
        server = SocketServer.start(dir, new TestDriverFactory());
        client = new ExternalClient(dir);
        virsh = new Virsh(client, server.uri("test:///default"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void defaultPoolIsListedDescribedAndDumped() throws Exception {
        assertThat(virsh.ok("pool-list", "--all")).containsPattern("default-pool\\s+active\\s+(yes|no)");
        assertThat(virsh.ok("pool-info", "default-pool")).containsPattern("Name:\\s+default-pool")
                .containsPattern("State:\\s+running").containsPattern("Persistent:\\s+yes");
        assertThat(virsh.ok("pool-dumpxml", "default-pool")).contains("<name>default-pool</name>")
                .contains("<path>/default-pool</path>");
        assertThat(virsh.ok("pool-uuid", "default-pool").strip()).matches("[0-9a-f-]{36}");
    }

    @Test
    void poolGoesThroughItsLifecycle() throws Exception {
        virsh.ok("pool-define-as", "extra", "dir", "--target", "/extra-pool");
        assertThat(virsh.ok("pool-list", "--all")).containsPattern("extra\\s+inactive");
        assertThat(virsh.ok("pool-list", "--inactive")).contains("extra").doesNotContain("default-pool");
        virsh.ok("pool-build", "extra");
        virsh.ok("pool-start", "extra");
        assertThat(virsh.ok("pool-list")).containsPattern("extra\\s+active");
        virsh.ok("pool-autostart", "extra");
        assertThat(virsh.ok("pool-info", "extra")).containsPattern("Autostart:\\s+yes");
        virsh.ok("pool-refresh", "extra");
        virsh.ok("pool-destroy", "extra");
        virsh.ok("pool-undefine", "extra");
        assertThat(virsh.ok("pool-list", "--all")).doesNotContain("extra");
    }

    @Test
    void volumesAreCreatedInspectedClonedAndDeleted() throws Exception {
        virsh.ok("vol-create-as", "default-pool", "disk.img", "10M");
        assertThat(virsh.ok("vol-list", "default-pool")).containsPattern("disk\\.img\\s+/default-pool/disk\\.img");
        assertThat(virsh.ok("vol-info", "disk.img", "--pool", "default-pool"))
                .containsPattern("Capacity:\\s+10\\.00 MiB");
        assertThat(virsh.ok("vol-dumpxml", "disk.img", "--pool", "default-pool")).contains("<name>disk.img</name>")
                .contains("<capacity unit='bytes'>10485760</capacity>");
        assertThat(virsh.ok("vol-path", "disk.img", "--pool", "default-pool").strip())
                .isEqualTo("/default-pool/disk.img");
        assertThat(virsh.ok("vol-key", "disk.img", "--pool", "default-pool").strip())
                .isEqualTo("/default-pool/disk.img");
        assertThat(virsh.ok("vol-pool", "/default-pool/disk.img").strip()).isEqualTo("default-pool");

        virsh.ok("vol-clone", "disk.img", "copy.img", "--pool", "default-pool");
        assertThat(virsh.ok("vol-list", "default-pool")).contains("copy.img").contains("disk.img");
        virsh.ok("vol-delete", "copy.img", "--pool", "default-pool");
        virsh.ok("vol-delete", "/default-pool/disk.img");
        assertThat(virsh.ok("vol-list", "default-pool")).doesNotContain("disk.img").doesNotContain("copy.img");
    }

    @Test
    void wipeAndResizeAreNotSupportedByTheTestDriver() throws Exception {
        virsh.ok("vol-create-as", "default-pool", "disk.img", "1M");
        ExternalClient.Result wipe = virsh.run("vol-wipe", "disk.img", "--pool", "default-pool");
        assertThat(wipe.exit()).isNotZero();
        assertThat(wipe.err()).contains("this function is not supported by the connection driver");
        ExternalClient.Result resize = virsh.run("vol-resize", "disk.img", "2M", "--pool", "default-pool");
        assertThat(resize.exit()).isNotZero();
        assertThat(resize.err()).contains("this function is not supported by the connection driver");
        virsh.ok("vol-delete", "disk.img", "--pool", "default-pool");
    }

    /** Core's refusal to delete a volume a running guest has as a disk, as virsh prints it over the daemon. */
    @Test
    void aVolumeOfARunningGuestIsStillInUse() throws Exception {
        virsh.ok("vol-create-as", "default-pool", "guest.img", "1M");
        Path xml = dir.resolve("guest.xml");
        Files.writeString(xml, "<domain type='test'><name>holds-vol</name><memory unit='KiB'>1024</memory>"
                + "<vcpu>1</vcpu><os><type>hvm</type></os><devices><disk type='file' device='disk'>"
                + "<source file='/default-pool/guest.img'/><target dev='vda' bus='virtio'/></disk></devices></domain>");
        virsh.ok("create", xml.toString());
        ExternalClient.Result delete = virsh.run("vol-delete", "guest.img", "--pool", "default-pool");
        assertThat(delete.exit()).isNotZero();
        assertThat(delete.err()).contains("Failed to delete vol guest.img")
                .contains("Requested operation is not valid: volume 'guest.img' is still in use.");
        virsh.ok("destroy", "holds-vol");
        virsh.ok("vol-delete", "guest.img", "--pool", "default-pool");
        assertThat(virsh.ok("vol-list", "default-pool")).doesNotContain("guest.img");
    }

    @Test
    void aMissingPoolOrVolumeIsLibvirtsError() throws Exception {
        ExternalClient.Result pool = virsh.run("pool-info", "nosuch");
        assertThat(pool.exit()).isNotZero();
        assertThat(pool.err()).contains("failed to get pool 'nosuch'")
                .contains("Storage pool not found: no storage pool with matching name 'nosuch'");
        ExternalClient.Result vol = virsh.run("vol-info", "nosuch.img", "--pool", "default-pool");
        assertThat(vol.exit()).isNotZero();
        assertThat(vol.err()).contains("failed to get vol 'nosuch.img'").contains("Storage volume not found");
        ExternalClient.Result start = virsh.run("pool-start", "default-pool");
        assertThat(start.exit()).isNotZero();
        assertThat(start.err()).contains("Failed to start pool default-pool")
                .contains("Requested operation is not valid: storage pool 'default-pool' is active");
    }

    @Test
    void anUploadLongerThanTheVolumeFailsAndVirshSaysSo() throws Exception {
        virsh.ok("vol-create-as", "default-pool", "small.img", "1M");
        Path up = dir.resolve("up.img");
        Files.write(up, new byte[(int) (2 * MIB)]);
        ExternalClient.Result r = virsh.run("vol-upload", "small.img", up.toString(), "--pool", "default-pool");
        assertThat(r.exit()).isNotZero();
        // virsh names the step that saw the stream's error: a send while data still goes out, else the finish
        // (as with libvirtd, the error packet races the client's last data packets)
        assertThat(r.err()).containsPattern("error: cannot (send data to|close) volume small\\.img")
                .contains("invalid argument: the upload goes past its end at byte 1048576");
        assertThat(virsh.ok("vol-list", "default-pool")).contains("small.img");
        virsh.ok("vol-delete", "small.img", "--pool", "default-pool");
    }

    @Test
    void aReadOnlyConnectionIsRefusedChangesAndDownloads() throws Exception {
        assertThat(virsh.ok("-r", "pool-list", "--all")).contains("default-pool");
        ExternalClient.Result define = virsh.run("-r", "pool-define-as", "extra", "dir", "--target", "/extra");
        assertThat(define.exit()).isNotZero();
        assertThat(define.err()).contains("operation forbidden: read only access prevents virStoragePoolDefineXML");
        virsh.ok("vol-create-as", "default-pool", "disk.img", "1M");
        ExternalClient.Result download = virsh.run("-r", "vol-download", "disk.img", dir.resolve("d").toString(),
                "--pool", "default-pool");
        assertThat(download.exit()).isNotZero();
        assertThat(download.err()).contains("read only access prevents virStorageVolDownload");
        assertThat(virsh.ok("vol-list", "default-pool")).contains("disk.img");
    }

    @Test
    void a256MiBUploadComesBackByDownloadByteForByte() throws Exception {
        Path up = dir.resolve("up.img");
        try (OutputStream out = Files.newOutputStream(up)) {
            Random random = new Random(256);
            byte[] block = new byte[(int) MIB];
            for (int i = 0; i < 256; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        virsh.ok("vol-create-as", "default-pool", "big.img", "256M");
        virsh.ok("vol-upload", "big.img", up.toString(), "--pool", "default-pool");
        Path down = dir.resolve("down.img");
        virsh.ok("vol-download", "big.img", down.toString(), "--pool", "default-pool");
        assertThat(Files.size(down)).isEqualTo(256 * MIB);
        assertThat(sha256(down)).isEqualTo(sha256(up));
        virsh.ok("vol-delete", "big.img", "--pool", "default-pool");
    }

    @Test
    void aSparseUploadAndDownloadKeepTheContent() throws Exception {
        Path up = dir.resolve("sparse.img");
        byte[] head = new byte[(int) MIB];
        byte[] tail = new byte[(int) MIB];
        new Random(1).nextBytes(head);
        new Random(2).nextBytes(tail);
        try (RandomAccessFile f = new RandomAccessFile(up.toFile(), "rw")) {
            f.write(head);
            f.seek(255 * MIB);
            f.write(tail);
        }
        virsh.ok("vol-create-as", "default-pool", "sparse.img", "256M");
        virsh.ok("vol-upload", "sparse.img", up.toString(), "--pool", "default-pool", "--sparse");
        Path down = dir.resolve("down.img");
        virsh.ok("vol-download", "sparse.img", down.toString(), "--pool", "default-pool", "--sparse");
        assertThat(Files.size(down)).isEqualTo(256 * MIB);
        assertThat(sha256(down)).isEqualTo(sha256(up));
        virsh.ok("vol-delete", "sparse.img", "--pool", "default-pool");
    }

    @Test
    void pythonLooksPoolsUp() throws Exception {
        ExternalClient.requireInstalled(PYTHON);
        ExternalClient.Result r = client.run(List.of(PYTHON.toString(), "-c", """
                import sys, libvirt
                conn = libvirt.open('test+unix:///default?socket=' + sys.argv[1])
                pool = conn.storagePoolLookupByName('default-pool')
                print('pool', pool.name(), pool.isActive(), pool.info()[0])
                print('all', sorted(p.name() for p in conn.listAllStoragePools()))
                print('active', conn.numOfStoragePools(), conn.listStoragePools())
                vol = pool.createXML("<volume><name>py.img</name><capacity>1048576</capacity></volume>", 0)
                print('vol', vol.name(), vol.path(), [v.name() for v in pool.listAllVolumes()])
                print('lookup', conn.storageVolLookupByPath(vol.path()).name(), vol.storagePoolLookupByVolume().name())
                vol.delete(0)
                conn.close()
                """, server.socket().toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("pool default-pool 1 2").contains("all ['default-pool']")
                .contains("active 1 ['default-pool']").contains("vol py.img /default-pool/py.img ['py.img']")
                .contains("lookup py.img default-pool");
    }

    @Test
    void poolLifecycleAndRefreshEventsReachTheirCallbacks() throws Exception {
        ExternalClient.requireInstalled(PYTHON);
        ExternalClient.Result r = client.run(List.of(PYTHON.toString(), "-c", """
                import sys, threading, libvirt
                libvirt.virEventRegisterDefaultImpl()
                def run():
                    while True:
                        libvirt.virEventRunDefaultImpl()
                threading.Thread(target=run, daemon=True).start()
                conn = libvirt.open('test+unix:///default?socket=' + sys.argv[1])
                seen = []
                done = threading.Event()
                def lifecycle(c, pool, event, detail, opaque):
                    seen.append('lifecycle %s %d %d' % (pool.name(), event, detail))
                    if event == libvirt.VIR_STORAGE_POOL_EVENT_UNDEFINED:
                        done.set()
                def refresh(c, pool, opaque):
                    seen.append('refresh %s' % pool.name())
                a = conn.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_LIFECYCLE, lifecycle, None)
                b = conn.storagePoolEventRegisterAny(None, libvirt.VIR_STORAGE_POOL_EVENT_ID_REFRESH, refresh, None)
                p = conn.storagePoolDefineXML(
                    "<pool type='dir'><name>ev</name><target><path>/ev</path></target></pool>", 0)
                p.create(0)
                p.refresh(0)
                p.destroy()
                p.undefine()
                print('done', done.wait(30))
                conn.storagePoolEventDeregisterAny(a)
                conn.storagePoolEventDeregisterAny(b)
                for s in seen:
                    print(s)
                conn.close()
                """, server.socket().toString()));
        assertThat(r.exit()).as(r.err()).isZero();
        // libvirt's virStoragePoolEventLifecycleType: 0 defined, 1 undefined, 2 started, 3 stopped
        assertThat(r.out().lines().toList()).containsExactly("done True", "lifecycle ev 0 0", "lifecycle ev 2 0",
                "refresh ev", "lifecycle ev 3 0", "lifecycle ev 1 0");
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 20];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
