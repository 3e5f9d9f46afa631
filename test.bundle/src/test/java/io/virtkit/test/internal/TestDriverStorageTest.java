package io.virtkit.test.internal;

import static io.virtkit.api.StoragePoolEventType.CREATED;
import static io.virtkit.api.StoragePoolEventType.DEFINED;
import static io.virtkit.api.StoragePoolEventType.DELETED;
import static io.virtkit.api.StoragePoolEventType.REFRESHED;
import static io.virtkit.api.StoragePoolEventType.STARTED;
import static io.virtkit.api.StoragePoolEventType.STOPPED;
import static io.virtkit.api.StoragePoolEventType.UNDEFINED;
import static io.virtkit.test.internal.TestDriverDomainTest.assertVirtError;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolEvent;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeDeleteFlag;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeInfoFlag;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/** Storage pools and volumes on test:///default, checked against what virsh shows for libvirt's test driver. */
class TestDriverStorageTest {

    private static final long GIB = 1L << 30;
    private static final long MIB = 1L << 20;

    private TestDriver driver;
    private Connection conn;
    private final BlockingQueue<StoragePoolEvent> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void open() {
        driver = new TestDriver();
        conn = Open.connection(driver, "test:///default");
        conn.addStoragePoolEventListener(events::add);
    }

    @AfterEach
    void close() {
        driver.close();
    }

    static String pool(String name, String uuid, String path) {
        return "<pool type='dir'><name>" + name + "</name>" + (uuid == null ? "" : "<uuid>" + uuid + "</uuid>")
                + "<target><path>" + path + "</path></target></pool>";
    }

    static String volume(String name, String capacity, String allocation) {
        return "<volume><name>" + name + "</name><capacity unit='bytes'>" + capacity + "</capacity>"
                + (allocation == null ? "" : "<allocation unit='M'>" + allocation + "</allocation>")
                + "<target><format type='raw'/></target></volume>";
    }

    private List<String> names(StoragePoolListFlag... flags) {
        return conn.listAllStoragePools(flags).stream().map(StoragePool::name).toList();
    }

    private void expect(String name, StoragePoolEventType type) throws InterruptedException {
        StoragePoolEvent e = events.poll(5, TimeUnit.SECONDS);
        assertThat(e).as("an event within 5 s").isNotNull();
        assertThat(e.pool().name()).isEqualTo(name);
        assertThat(e.type()).isEqualTo(type);
        assertThat(e.pool().connection()).isSameAs(conn);
    }

    private void expectNone() throws InterruptedException {
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("no further event").isNull();
    }

    @Test
    void defaultPoolIsLibvirtsActivePersistentDirPoolWithoutVolumes() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");

        assertThat(pool.uuid()).isEqualTo(UUID.fromString("dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566"));
        assertThat(pool.isActive()).isTrue();
        assertThat(pool.isPersistent()).isTrue();
        assertThat(pool.autostart()).isFalse(); // virsh pool-list --all: "Autostart no"
        assertThat(pool.info()).isEqualTo(new StoragePoolInfo(StoragePoolState.RUNNING, 100 * GIB, 0, 100 * GIB));
        assertThat(pool.listVolumes()).isEmpty();
        assertThat(pool.xml()).isEqualTo("""
                <pool type='dir'>
                  <name>default-pool</name>
                  <uuid>dfe224cb-28fb-8dd0-c4b2-64eb3f0f4566</uuid>
                  <capacity unit='bytes'>107374182400</capacity>
                  <allocation unit='bytes'>0</allocation>
                  <available unit='bytes'>107374182400</available>
                  <source>
                  </source>
                  <target>
                    <path>/default-pool</path>
                  </target>
                </pool>
                """);
        assertThat(pool.xml(StorageXmlFlag.INACTIVE)).isEqualTo(pool.xml());
        assertThat(conn.lookupStoragePoolByUuid(pool.uuid())).isEqualTo(pool);
        assertThat(conn.lookupStoragePoolByTargetPath("/default-pool/")).isEqualTo(pool);
        assertVirtError(() -> conn.lookupStoragePoolByTargetPath("/nowhere"), ErrorCode.NO_STORAGE_POOL,
                ErrorDomain.STORAGE, "Storage pool not found: no storage pool with matching target path '/nowhere'");
    }

    @Test
    void aDefinedPoolGoesThroughBuildStartRefreshDestroyDeleteUndefineWithItsEvents() throws Exception {
        StoragePool pool = conn.defineStoragePool(pool("p2", null, "/p2/"));
        expect("p2", DEFINED);
        assertThat(pool.isActive()).isFalse();
        assertThat(pool.info().state()).isEqualTo(StoragePoolState.INACTIVE);
        assertThat(pool.xml()).contains("<path>/p2</path>");
        assertThat(names(StoragePoolListFlag.INACTIVE)).containsExactly("p2");

        pool.build();
        expect("p2", CREATED);
        pool.start();
        expect("p2", STARTED);
        assertVirtError(() -> pool.start(), ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "Requested operation is not valid: storage pool 'p2' is active");
        assertVirtError(pool::undefine, ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "Requested operation is not valid: storage pool 'p2' is active");
        assertVirtError(() -> pool.delete(), ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "Requested operation is not valid: storage pool 'p2' is active");
        pool.refresh();
        expect("p2", REFRESHED);
        pool.setAutostart(true);
        assertThat(names(StoragePoolListFlag.AUTOSTART)).containsExactly("p2");

        pool.destroy();
        expect("p2", STOPPED);
        assertVirtError(pool::destroy, ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "Requested operation is not valid: storage pool 'p2' is not active");
        assertVirtError(pool::listVolumes, ErrorCode.OPERATION_INVALID, ErrorDomain.STORAGE,
                "Requested operation is not valid: storage pool is not active");
        pool.delete();
        expect("p2", DELETED);
        pool.undefine();
        expect("p2", UNDEFINED);
        expectNone();
        assertVirtError(pool::info, ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                "Storage pool not found: no storage pool with matching name 'p2'");
        assertThat(names()).containsExactly("default-pool");
    }

    @Test
    void aTransientPoolVanishesWhenDestroyedAndCannotAutostart() throws Exception {
        StoragePool pool = conn.createStoragePool(pool("t1", null, "/t1"));
        expect("t1", STARTED);
        assertThat(names(StoragePoolListFlag.TRANSIENT)).containsExactly("t1");
        assertThat(names(StoragePoolListFlag.PERSISTENT, StoragePoolListFlag.ACTIVE)).containsExactly("default-pool");

        assertVirtError(() -> pool.setAutostart(true), ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "invalid argument: cannot set autostart for transient pool");
        pool.destroy();
        expect("t1", STOPPED);
        assertThat(names()).containsExactly("default-pool");
    }

    @Test
    void listingFiltersByTypeAsLibvirtsFlags() {
        assertThat(names(StoragePoolListFlag.DIR)).containsExactly("default-pool");
        assertThat(names(StoragePoolListFlag.LOGICAL)).isEmpty();
        assertThat(names(StoragePoolListFlag.LOGICAL, StoragePoolListFlag.DIR)).containsExactly("default-pool");
        assertThat(names(StoragePoolListFlag.INACTIVE, StoragePoolListFlag.DIR)).isEmpty();
    }

    @Test
    void clashesAndBadXmlAreRefusedAndChangeNothing() throws Exception {
        StoragePool p2 = conn.defineStoragePool(pool("p2", null, "/p2"));
        expect("p2", DEFINED);

        assertVirtError(() -> conn.defineStoragePool(pool("p2", null, "/p2")), ErrorCode.OPERATION_FAILED,
                ErrorDomain.STORAGE, "operation failed: pool 'p2' already exists with uuid " + p2.uuid());
        assertVirtError(() -> conn.createStoragePool(pool("p2", null, "/p2")), ErrorCode.OPERATION_FAILED,
                ErrorDomain.STORAGE, "operation failed: pool 'p2' already exists with uuid " + p2.uuid());
        assertVirtError(() -> conn.defineStoragePool(pool("p3", null, "/default-pool")), ErrorCode.OPERATION_FAILED,
                ErrorDomain.STORAGE, "operation failed: Storage source conflict with pool: 'default-pool'");
        assertVirtError(() -> conn.defineStoragePool("<pool type='dir'><name>x</name></pool>"), ErrorCode.XML_ERROR,
                ErrorDomain.STORAGE, "XML error: missing storage pool target path");
        assertVirtError(() -> conn.defineStoragePool("<pool type='nope'><name>x</name></pool>"),
                ErrorCode.XML_ERROR, ErrorDomain.STORAGE,
                "XML error: Invalid value for attribute 'type' in element 'pool': 'nope'.");
        assertThat(conn.listAllStoragePools()).hasSize(2);
        expectNone();
    }

    @Test
    void volumesAreCreatedClonedFoundAndDeletedAsLibvirtsTestDriverDoes() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");

        StorageVolume v1 = pool.createVolume(volume("v1", String.valueOf(GIB), "100"));
        assertThat(v1.key()).isEqualTo("/default-pool/v1");
        assertThat(v1.path()).isEqualTo("/default-pool/v1");
        assertThat(v1.info()).isEqualTo(new StorageVolumeInfo(StorageVolumeType.FILE, GIB, 100 * MIB));
        assertThat(v1.xml()).isEqualTo("""
                <volume type='file'>
                  <name>v1</name>
                  <key>/default-pool/v1</key>
                  <capacity unit='bytes'>1073741824</capacity>
                  <allocation unit='bytes'>104857600</allocation>
                  <target>
                    <path>/default-pool/v1</path>
                    <format type='raw'/>
                  </target>
                </volume>
                """);
        assertThat(pool.info().allocation()).isEqualTo(100 * MIB);
        assertThat(pool.info().available()).isEqualTo(100 * GIB - 100 * MIB);

        assertVirtError(() -> pool.createVolume(volume("v1", "1", null)), ErrorCode.OPERATION_FAILED,
                ErrorDomain.STORAGE, "operation failed: storage vol already exists");
        assertVirtError(() -> pool.createVolume(volume("big", String.valueOf(200 * GIB), null)),
                ErrorCode.INTERNAL_ERROR, ErrorDomain.STORAGE,
                "internal error: Not enough free space in pool for volume 'big'");

        StorageVolume v2 = pool.createVolumeFrom(volume("v2", String.valueOf(GIB), "100"), v1);
        assertThat(pool.listVolumes()).containsExactly(v1, v2);
        assertThat(conn.lookupStorageVolumeByKey("/default-pool/v2")).isEqualTo(v2);
        assertThat(conn.lookupStorageVolumeByPath("/default-pool/v1")).isEqualTo(v1);
        assertThat(pool.lookupVolume("v2")).isEqualTo(v2);
        assertThat(v2.pool()).isEqualTo(pool);

        assertVirtError(() -> v2.delete(StorageVolumeDeleteFlag.WITH_SNAPSHOTS), ErrorCode.INVALID_ARG,
                ErrorDomain.NONE, "invalid argument: unsupported flags (0x2) in function virStorageVolDelete");
        v2.delete();
        assertThat(pool.listVolumes()).containsExactly(v1);
        assertThat(pool.info().allocation()).isEqualTo(100 * MIB);
        assertVirtError(v2::info, ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                "Storage volume not found: no storage vol with matching path '/default-pool/v2'");
        assertVirtError(() -> pool.lookupVolume("v2"), ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                "Storage volume not found: no storage vol with matching name 'v2'");
        assertVirtError(() -> conn.lookupStorageVolumeByKey("/nosuch"), ErrorCode.NO_STORAGE_VOL,
                ErrorDomain.STORAGE, "Storage volume not found: no storage vol with matching key '/nosuch'");
        assertVirtError(() -> conn.lookupStorageVolumeByPath("/nosuch"), ErrorCode.NO_STORAGE_VOL,
                ErrorDomain.STORAGE, "Storage volume not found: no storage vol with matching path '/nosuch'");
    }

    @Test
    void volumesOfAStoppedPoolAreOutOfReachUntilItStartsAgain() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");
        StorageVolume v1 = pool.createVolume(volume("v1", "4096", null));

        pool.destroy();
        assertVirtError(v1::path, ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                "Storage volume not found: no storage vol with matching path '/default-pool/v1'");
        assertVirtError(() -> pool.createVolume(volume("v2", "1", null)), ErrorCode.OPERATION_INVALID,
                ErrorDomain.STORAGE, "Requested operation is not valid: storage pool is not active");
        pool.start();
        assertThat(v1.info().capacity()).isEqualTo(4096);
    }

    @Test
    void whatLibvirtsTestDriverLacksIsNoSupport() {
        StorageVolume v1 = conn.lookupStoragePoolByName("default-pool").createVolume(volume("v1", "4096", null));

        assertVirtError(() -> v1.info(StorageVolumeInfoFlag.GET_PHYSICAL), ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid argument: unsupported flags (0x1) in function virStorageVolGetInfoFlags");
        assertVirtError(v1::wipe, ErrorCode.NO_SUPPORT, ErrorDomain.NONE,
                "this function is not supported by the connection driver: virStorageVolWipe");
        assertVirtError(() -> v1.resize(8192), ErrorCode.NO_SUPPORT, ErrorDomain.NONE,
                "this function is not supported by the connection driver: virStorageVolResize");
        assertVirtError(() -> conn.findStoragePoolSources("logical", null), ErrorCode.NO_SUPPORT, ErrorDomain.NONE,
                "this function is not supported by the connection driver: virConnectFindStoragePoolSources");
    }

    @Test
    void everyConnectionToTheDefaultHostSeesTheSamePoolsAndItsEvents() throws Exception {
        Connection other = Open.connection(driver, "test:///default");
        BlockingQueue<StoragePoolEvent> otherEvents = new LinkedBlockingQueue<>();
        other.addStoragePoolEventListener(otherEvents::add);

        conn.lookupStoragePoolByName("default-pool").refresh();
        expect("default-pool", REFRESHED);
        StoragePoolEvent seen = otherEvents.poll(5, TimeUnit.SECONDS);
        assertThat(seen).isNotNull();
        assertThat(seen.pool().connection()).isSameAs(other);
        other.defineStoragePool(pool("p9", null, "/p9"));
        expect("p9", DEFINED);
        assertThat(names()).containsExactly("default-pool", "p9");
    }

    @Test
    void anUploadIsReadBackByADownloadWithItsHolesWhenSparse() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");
        StorageVolume v = pool.createVolume(volume("data", String.valueOf(64 * 1024), null));
        byte[] head = "head".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "tail".getBytes(StandardCharsets.US_ASCII);

        try (VolumeUpload up = v.upload(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM)) {
            up.write(ByteBuffer.wrap(head));
            up.skipHole(3 * VolumeContent.BLOCK - head.length);
            up.write(ByteBuffer.wrap(tail));
            up.finish();
            assertVirtError(() -> up.write(ByteBuffer.wrap(tail)), ErrorCode.OPERATION_INVALID,
                    ErrorDomain.STREAMS, "Requested operation is not valid: stream is not open");
        }

        // sparse: data, the hole as one skip, data, then the hole up to the end
        try (VolumeDownload down = v.download(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM)) {
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            assertThat(down.read(buf)).isEqualTo(VolumeContent.BLOCK);
            assertThat(new String(buf.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("head");
            assertThat(down.read(buf.clear())).isZero();
            assertThat(down.skipHole()).isEqualTo(2L * VolumeContent.BLOCK);
            assertThat(down.read(buf.clear())).isEqualTo(VolumeContent.BLOCK);
            assertThat(new String(buf.array(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("tail");
            assertThat(down.skipHole()).isEqualTo(64 * 1024 - 4L * VolumeContent.BLOCK);
            assertThat(down.read(buf.clear())).isEqualTo(-1);
        }

        // not sparse, a range: holes come as zeros
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (VolumeDownload down = v.download(2, 3 * VolumeContent.BLOCK)) {
            ByteBuffer buf = ByteBuffer.allocate(1000);
            for (int n; (n = down.read(buf.clear())) != -1;) {
                out.write(buf.array(), 0, n);
            }
            assertThat(down.skipHole()).isZero();
        }
        byte[] all = out.toByteArray();
        assertThat(all).hasSize(3 * VolumeContent.BLOCK);
        assertThat(new String(all, 0, 2, StandardCharsets.US_ASCII)).isEqualTo("ad");
        assertThat(all[VolumeContent.BLOCK]).isZero(); // in the hole
        assertThat(new String(all, 3 * VolumeContent.BLOCK - 2, 2, StandardCharsets.US_ASCII)).isEqualTo("ta");
    }

    @Test
    void anUploadRefusesHolesWhenNotSparseAndBytesPastItsRange() {
        StorageVolume v = conn.lookupStoragePoolByName("default-pool").createVolume(volume("data", "8192", null));

        try (VolumeUpload up = v.upload(8000, 100)) {
            assertVirtError(() -> up.skipHole(10), ErrorCode.OPERATION_INVALID, ErrorDomain.STREAMS,
                    "Requested operation is not valid: holes can only be sent on a sparse stream");
            assertVirtError(() -> up.write(ByteBuffer.allocate(101)), ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                    "invalid argument: the upload goes past its end at byte 8100");
        }
        assertVirtError(() -> v.upload(9000, 0), ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "invalid argument: offset 9000 and length 0 are outside the volume's 8192 bytes");
    }

    @Test
    void aCloneCopiesTheBytesOfItsSource() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");
        StorageVolume v = pool.createVolume(volume("src", "8192", null));
        try (VolumeUpload up = v.upload(100, 0)) {
            up.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            up.finish();
        }

        StorageVolume clone = pool.createVolumeFrom(volume("copy", "8192", null), v);

        try (VolumeDownload down = clone.download(100, 3)) {
            ByteBuffer buf = ByteBuffer.allocate(3);
            assertThat(down.read(buf)).isEqualTo(3);
            assertThat(buf.array()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void nodeFilePoolsAreActiveAndPersistentWithTheirVolumes(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("vol2.xml"), volume("v2", "2048", null));
        Files.writeString(dir.resolve("pool2.xml"), pool("p2", null, "/p2"));
        Path node = dir.resolve("node.xml");
        Files.writeString(node, "<node>" + pool("p1", null, "/p1").replace("</pool>", volume("v1", "1024", null)
                + "<volume file='vol2.xml'/></pool>") + "<pool file='pool2.xml'/></node>");

        Connection c = Open.connection(driver, "test://" + node);
        StoragePool p1 = c.lookupStoragePoolByName("p1");

        assertThat(p1.isActive()).isTrue();
        assertThat(p1.isPersistent()).isTrue();
        assertThat(p1.listVolumes()).extracting(StorageVolume::key).containsExactly("/p1/v1", "/p1/v2");
        assertThat(p1.info().allocation()).isEqualTo(1024 + 2048);
        assertThat(c.lookupStoragePoolByName("p2").listVolumes()).isEmpty();

        Path clash = dir.resolve("clash.xml");
        Files.writeString(clash, "<node>" + pool("p1", null, "/p1") + pool("p3", null, "/p1") + "</node>");
        assertVirtError(() -> Open.connection(driver, "test://" + clash), ErrorCode.OPERATION_FAILED,
                ErrorDomain.STORAGE, "operation failed: Storage source conflict with pool: 'p1'");
    }

    private static String guest(String name, String disk) {
        return "<domain type='test'><name>" + name + "</name><memory unit='KiB'>1024</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type></os><devices>" + disk + "</devices></domain>";
    }

    /**
     * Core's join of a connection's two sides: a volume a running guest has as a disk (by path or as
     * {@code <disk type='volume'>}) is not deleted, wiped or shrunk, with libvirt's wording for a volume in
     * use; once the guest stops it can be.
     */
    @Test
    void aVolumeARunningGuestUsesIsStillInUse() {
        StoragePool pool = conn.lookupStoragePoolByName("default-pool");
        StorageVolume byPath = pool.createVolume(volume("by-path.img", "4194304", "4"));
        StorageVolume byName = pool.createVolume(volume("by-name.img", "4194304", "4"));
        StorageVolume free = pool.createVolume(volume("free.img", "4194304", "4"));

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
