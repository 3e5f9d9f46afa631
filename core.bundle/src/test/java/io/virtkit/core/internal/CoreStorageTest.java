package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.osgi.framework.Constants;

import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolBuildFlag;
import io.virtkit.api.StoragePoolEvent;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeDeleteFlag;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VirtException;

/** Core's storage handles ({@link CoreStoragePool}, {@link CoreStorageVolume}) over recording sub-drivers. */
class CoreStorageTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor qemu = new FakeSubDrivers.Hypervisor("QEMU", true, "qemu", "lxc");
    private final FakeSubDrivers.Storage storage =
            new FakeSubDrivers.Storage(Set.of("buildStoragePool", "createStorageVolumeFrom"), "qemu");

    CoreStorageTest() {
        factory.addHypervisorDriver(qemu, Map.of(Constants.SERVICE_ID, 1L));
        factory.addStorageDriver(storage, Map.of(Constants.SERVICE_ID, 2L));
    }

    @Test
    void callsReachTheStorageDriverWithLibvirtsFlagBitsAndAnswersBecomeHandles() {
        Connection c = factory.open("qemu:///system");

        List<StoragePool> pools = c.listAllStoragePools(StoragePoolListFlag.ACTIVE, StoragePoolListFlag.DIR);
        assertThat(storage.lastFlags).isEqualTo(2L | 64L);
        StoragePool pool = pools.get(0);
        assertThat(pool.name()).isEqualTo("pool1");
        assertThat(pool.connection()).isSameAs(c);
        assertThat(pool).isEqualTo(c.lookupStoragePoolByName("pool1"));
        pool.xml(StorageXmlFlag.INACTIVE);
        assertThat(storage.lastFlags).isEqualTo(1L); // virStorageXMLFlags, not virDomainXMLFlags
        pool.build(StoragePoolBuildFlag.NO_OVERWRITE);
        assertThat(storage.lastFlags).isEqualTo(4L);

        StorageVolume vol = pool.lookupVolume("vol1");
        assertThat(vol.key()).isEqualTo("/pool1/vol1");
        assertThat(vol.poolName()).isEqualTo("pool1");
        assertThat(vol.pool()).isEqualTo(pool);
        assertThat(vol.path()).isEqualTo("/pool1/vol1");
        vol.delete(StorageVolumeDeleteFlag.WITH_SNAPSHOTS);
        assertThat(storage.lastFlags).isEqualTo(2L);
        StorageVolume clone = pool.createVolumeFrom("<volume/>", vol);
        assertThat(clone).isEqualTo(c.lookupStorageVolumeByPath("/pool1/vol1"));
        assertThat(storage.calls).contains("listAllStoragePools", "storagePoolXml", "buildStoragePool",
                "lookupStorageVolumeByName", "lookupStoragePoolByVolume", "deleteStorageVolume",
                "createStorageVolumeFrom");
    }

    @Test
    void optionalEntriesAreNoSupportNamingLibvirtsFunction() {
        Connection c = factory.open("qemu:///system");
        StoragePool pool = c.lookupStoragePoolByName("pool1");
        StorageVolume vol = pool.lookupVolume("vol1");

        assertVirtError(() -> c.findStoragePoolSources("logical", null), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virConnectFindStoragePoolSources");
        assertVirtError(() -> c.lookupStoragePoolByTargetPath("/pool1"), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStoragePoolLookupByTargetPath");
        assertVirtError(pool::refresh, ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStoragePoolRefresh");
        assertVirtError(() -> pool.delete(), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStoragePoolDelete");
        assertVirtError(vol::wipe, ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStorageVolWipe");
        assertVirtError(() -> vol.resize(1 << 20, StorageVolumeResizeFlag.DELTA), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStorageVolResize");
        assertVirtError(() -> vol.upload(0, 0, StorageVolumeStreamFlag.SPARSE_STREAM), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStorageVolUpload");
        assertVirtError(() -> vol.download(0, 0), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStorageVolDownload");
    }

    @Test
    void aConnectionWithoutAStorageDriverAnswersNoSupportFromTheStorageDomain() {
        Connection c = factory.open("lxc:///system"); // the storage driver serves only qemu

        assertThatThrownBy(c::listAllStoragePools).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.domain()).isEqualTo(ErrorDomain.STORAGE);
        }).hasMessage("this function is not supported by the connection driver: virConnectListAllStoragePools");
        assertVirtError(() -> c.defineStoragePool("<pool/>"), ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virStoragePoolDefineXML");
        assertThat(storage.calls).isEmpty();
    }

    @Test
    void everyStorageHandleIsInvalidOnceItsConnectionIsClosed() {
        Connection c = factory.open("qemu:///system");
        StoragePool pool = c.lookupStoragePoolByName("pool1");
        StorageVolume vol = c.lookupStorageVolumeByKey("/pool1/vol1");

        c.close();

        assertVirtError(c::listAllStoragePools, ErrorCode.INVALID_CONN,
                "invalid connection pointer in virConnectListAllStoragePools");
        assertVirtError(() -> c.defineStoragePool("<pool/>"), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virStoragePoolDefineXML");
        assertVirtError(pool::info, ErrorCode.INVALID_CONN, "invalid connection pointer in virStoragePoolGetInfo");
        assertVirtError(() -> pool.start(), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virStoragePoolCreate");
        assertVirtError(pool::listVolumes, ErrorCode.INVALID_CONN,
                "invalid connection pointer in virStoragePoolListAllVolumes");
        assertVirtError(vol::info, ErrorCode.INVALID_CONN, "invalid connection pointer in virStorageVolGetInfo");
        assertVirtError(() -> vol.delete(), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virStorageVolDelete");
        assertVirtError(() -> c.addStoragePoolEventListener(e -> { }), ErrorCode.INVALID_CONN,
                "invalid connection pointer in virConnectStoragePoolEventRegisterAny");
        assertThat(storage.calls).containsExactly("lookupStoragePoolByName", "lookupStorageVolumeByKey", "close");
    }

    @Test
    void aReadOnlyConnectionRefusesStorageChangesBeforeTheyReachTheDriver() {
        Connection c = factory.open(ConnectRequest.to("qemu:///system").withFlags(ConnectFlag.READ_ONLY));
        StoragePool pool = c.lookupStoragePoolByName("pool1");
        StorageVolume vol = pool.lookupVolume("vol1");

        assertVirtError(() -> c.defineStoragePool("<pool/>"), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStoragePoolDefineXML");
        assertVirtError(() -> c.createStoragePool("<pool/>"), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStoragePoolCreateXML");
        assertVirtError(() -> pool.start(), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStoragePoolCreate");
        assertVirtError(pool::destroy, ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStoragePoolDestroy");
        assertVirtError(() -> pool.setAutostart(true), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStoragePoolSetAutostart");
        assertVirtError(() -> pool.createVolume("<volume/>"), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStorageVolCreateXML");
        assertVirtError(() -> vol.delete(), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStorageVolDelete");
        assertVirtError(() -> vol.download(0, 0), ErrorCode.OPERATION_DENIED,
                "operation forbidden: read only access prevents virStorageVolDownload");
        assertThat(storage.calls).containsExactly("lookupStoragePoolByName", "lookupStorageVolumeByName");
        // reading is allowed
        assertThat(pool.xml()).isEqualTo("<pool/>");
        assertThat(vol.path()).isEqualTo("/pool1/vol1");
    }

    @Test
    void aCloneFromAnotherConnectionsVolumeIsAnInvalidVolume() {
        Connection c = factory.open("qemu:///system");
        Connection other = factory.open("qemu:///system");
        StorageVolume foreign = other.lookupStorageVolumeByKey("/pool1/vol1");

        assertVirtError(() -> c.lookupStoragePoolByName("pool1").createVolumeFrom("<volume/>", foreign),
                ErrorCode.INVALID_STORAGE_VOL, "invalid storage volume pointer in virStorageVolCreateXMLFrom");
    }

    @Test
    void poolEventsArriveWithHandlesOnTheListenersConnectionUntilItCloses() throws InterruptedException {
        Connection c = factory.open("qemu:///system");
        BlockingQueue<StoragePoolEvent> events = new LinkedBlockingQueue<>();
        assertThat(storage.events.storagePoolEventsWanted()).isFalse();

        c.addStoragePoolEventListener(events::add);
        assertThat(storage.events.storagePoolEventsWanted()).isTrue();
        storage.events.report(FakeSubDrivers.POOL, StoragePoolEventType.STARTED);
        storage.events.report(FakeSubDrivers.POOL, StoragePoolEventType.REFRESHED);

        StoragePoolEvent started = events.poll(20, TimeUnit.SECONDS);
        assertThat(started.pool().connection()).isSameAs(c);
        assertThat(started).hasToString("event 'lifecycle' for storage pool pool1: Started");
        assertThat(events.poll(20, TimeUnit.SECONDS)).hasToString("event 'refresh' for storage pool pool1");
        c.close();
        assertThat(storage.events.storagePoolEventsWanted()).isFalse();
    }

    @Test
    void aHypervisorWithItsOwnStorageIsNotJoinedWithTheStorageDriver() {
        FakeSubDrivers.Storage own = new FakeSubDrivers.Storage(Set.of());
        qemu.ownStorage = own.connection();

        Connection c = factory.open("qemu:///system");
        c.listAllStoragePools();
        c.close();

        assertThat(own.calls).containsExactly("listAllStoragePools"); // closed by its hypervisor connection
        assertThat(storage.calls).isEmpty();
    }

    @Test
    void aStorageDriverGoingAwayLeavesItsConnectionsWithoutStorage() {
        Connection c = factory.open("qemu:///system");

        factory.removeStorageDriver(storage);

        assertThat(c.isAlive()).isTrue();
        assertVirtError(c::listAllStoragePools, ErrorCode.NO_SUPPORT,
                "this function is not supported by the connection driver: virConnectListAllStoragePools");
        assertThat(storage.calls).containsExactly("close");
    }

    private static void assertVirtError(Executable call, ErrorCode code, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(code)).hasMessage(message);
    }
}
