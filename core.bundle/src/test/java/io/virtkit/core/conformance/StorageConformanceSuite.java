package io.virtkit.core.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static io.virtkit.core.conformance.DriverConformanceSuite.assertError;
import static io.virtkit.core.conformance.DriverConformanceSuite.quietly;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolEvent;
import io.virtkit.api.StoragePoolEventType;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StoragePoolState;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StoragePoolRef;

/**
 * The contract of the storage API that every storage driver must keep, as libvirt's storage drivers keep it:
 * pool definitions found by name and UUID, the lifecycle with its states and events in order, transient
 * pools, volumes created, found by name, key and path and deleted, errors by code, unknown flags refused, and
 * handles after close. A driver bundle's test extends it and says how to open a connection and what a pool
 * and a volume it can make look like (a directory pool under a temporary directory for a real driver).
 *
 * <p>Pools the suite makes are named {@code conformance-*}; whatever a failed test leaves is destroyed,
 * deleted and undefined afterwards.
 */
public abstract class StorageConformanceSuite {

    /** How long an event may take to arrive. */
    protected static final Duration EVENT_WAIT = Duration.ofSeconds(20);

    private final List<Connection> opened = new ArrayList<>();

    /** A new public connection, through core's factory. */
    protected abstract Connection openConnection();

    /** The storage sub-driver's own connection, for the checks made at its level (flags); closed after use. */
    protected abstract StorageConnection openStorage();

    /** A definition of a pool this driver can build, start, stop and delete, with this name and UUID. */
    protected abstract String poolXml(String name, UUID uuid);

    /** A definition of a volume of {@code capacity} bytes this driver can make in {@link #poolXml}'s pools. */
    protected abstract String volumeXml(String name, long capacity);

    /**
     * The code of creating a volume whose name is taken: libvirt's test driver says OPERATION_FAILED, its
     * storage driver STORAGE_VOL_EXIST.
     */
    protected ErrorCode volumeExistsCode() {
        return ErrorCode.OPERATION_FAILED;
    }

    /** A connection opened for this test, closed after it. */
    protected final Connection connection() {
        Connection c = openConnection();
        opened.add(c);
        return c;
    }

    @AfterEach
    void removeWhatTheSuiteMade() {
        try {
            if (!opened.isEmpty() && opened.get(0).isAlive()) {
                for (StoragePool p : opened.get(0).listAllStoragePools()) {
                    if (p.name().startsWith("conformance-")) {
                        quietly(() -> p.listVolumes().forEach(v -> quietly(() -> v.delete())));
                        quietly(p::destroy);
                        quietly(() -> p.delete());
                        quietly(p::undefine);
                    }
                }
            }
        } finally {
            opened.forEach(Connection::close);
            opened.clear();
        }
    }

    @Test
    void aDefinedPoolIsFoundByNameAndUuidAndIsGoneAfterUndefine() throws Exception {
        Connection c = connection();
        BlockingQueue<StoragePoolEvent> events = new LinkedBlockingQueue<>();
        c.addStoragePoolEventListener(events::add);
        UUID uuid = UUID.randomUUID();

        StoragePool p = c.defineStoragePool(poolXml("conformance-define", uuid));

        assertThat(p.name()).isEqualTo("conformance-define");
        assertThat(p.uuid()).isEqualTo(uuid);
        assertThat(p.isActive()).isFalse();
        assertThat(p.isPersistent()).isTrue();
        assertThat(p.info().state()).isEqualTo(StoragePoolState.INACTIVE);
        assertThat(c.lookupStoragePoolByName("conformance-define")).isEqualTo(p);
        assertThat(c.lookupStoragePoolByUuid(uuid)).isEqualTo(p);
        assertThat(c.listAllStoragePools(StoragePoolListFlag.INACTIVE)).contains(p);
        assertThat(c.listAllStoragePools(StoragePoolListFlag.ACTIVE)).doesNotContain(p);
        assertThat(p.xml()).contains("conformance-define", uuid.toString());
        expect(events, p, StoragePoolEventType.DEFINED);

        p.undefine();

        expect(events, p, StoragePoolEventType.UNDEFINED);
        assertError(() -> c.lookupStoragePoolByName("conformance-define"), ErrorCode.NO_STORAGE_POOL);
        assertError(() -> c.lookupStoragePoolByUuid(uuid), ErrorCode.NO_STORAGE_POOL);
        assertError(p::isActive, ErrorCode.NO_STORAGE_POOL);
    }

    @Test
    void badXmlIsAnXmlErrorAndANameHeldByAnotherUuidIsRefused() {
        Connection c = connection();
        int before = c.listAllStoragePools().size();
        c.defineStoragePool(poolXml("conformance-clash", UUID.randomUUID()));

        assertError(() -> c.defineStoragePool("<pool type='dir'><name>conformance-bad"), ErrorCode.XML_DETAIL);
        assertError(() -> c.defineStoragePool(poolXml("conformance-clash", UUID.randomUUID())),
                ErrorCode.OPERATION_FAILED);
        assertThat(c.listAllStoragePools()).hasSize(before + 1);
    }

    @Test
    void buildStartRefreshDestroyDeleteGoThroughLibvirtsStatesWithTheirEvents() throws Exception {
        Connection c = connection();
        BlockingQueue<StoragePoolEvent> events = new LinkedBlockingQueue<>();
        c.addStoragePoolEventListener(events::add);
        StoragePool p = c.defineStoragePool(poolXml("conformance-life", UUID.randomUUID()));
        expect(events, p, StoragePoolEventType.DEFINED);

        p.build();
        expect(events, p, StoragePoolEventType.CREATED);
        p.start();
        expect(events, p, StoragePoolEventType.STARTED);
        assertThat(p.isActive()).isTrue();
        assertThat(p.info().state()).isEqualTo(StoragePoolState.RUNNING);
        assertThat(p.info().capacity()).isPositive();
        assertError(() -> p.start(), ErrorCode.OPERATION_INVALID);
        assertError(p::undefine, ErrorCode.OPERATION_INVALID);
        assertError(() -> p.delete(), ErrorCode.OPERATION_INVALID);
        p.refresh();
        expect(events, p, StoragePoolEventType.REFRESHED);

        p.destroy();
        expect(events, p, StoragePoolEventType.STOPPED);
        assertThat(p.info().state()).isEqualTo(StoragePoolState.INACTIVE);
        assertError(p::destroy, ErrorCode.OPERATION_INVALID);
        assertError(p::refresh, ErrorCode.OPERATION_INVALID);
        p.delete();
        expect(events, p, StoragePoolEventType.DELETED);
        p.undefine();
        expect(events, p, StoragePoolEventType.UNDEFINED);
    }

    @Test
    void aTransientPoolVanishesWhenDestroyed() {
        Connection c = connection();
        StoragePool p = c.createStoragePool(poolXml("conformance-transient", UUID.randomUUID()));

        assertThat(p.isActive()).isTrue();
        assertThat(p.isPersistent()).isFalse();
        assertThat(c.listAllStoragePools(StoragePoolListFlag.TRANSIENT)).contains(p);
        p.destroy();
        assertError(p::isActive, ErrorCode.NO_STORAGE_POOL);
    }

    @Test
    void volumesAreCreatedFoundByNameKeyAndPathAndDeleted() {
        Connection c = connection();
        StoragePool p = c.createStoragePool(poolXml("conformance-volumes", UUID.randomUUID()));

        StorageVolume v = p.createVolume(volumeXml("conformance-vol", 1 << 20));

        assertThat(v.name()).isEqualTo("conformance-vol");
        assertThat(v.poolName()).isEqualTo("conformance-volumes");
        assertThat(v.info().capacity()).isGreaterThanOrEqualTo(1 << 20);
        assertThat(p.listVolumes()).containsExactly(v);
        assertThat(p.lookupVolume("conformance-vol")).isEqualTo(v);
        assertThat(c.lookupStorageVolumeByKey(v.key())).isEqualTo(v);
        assertThat(c.lookupStorageVolumeByPath(v.path())).isEqualTo(v);
        assertThat(v.pool()).isEqualTo(p);
        assertThat(v.xml()).contains("conformance-vol");
        assertError(() -> p.createVolume(volumeXml("conformance-vol", 1 << 20)), volumeExistsCode());

        v.delete();

        assertThat(p.listVolumes()).isEmpty();
        assertError(v::info, ErrorCode.NO_STORAGE_VOL);
        assertError(() -> p.lookupVolume("conformance-vol"), ErrorCode.NO_STORAGE_VOL);
        assertError(() -> c.lookupStorageVolumeByKey(v.key()), ErrorCode.NO_STORAGE_VOL);
    }

    @Test
    void everyStorageHandleIsInvalidOnceItsConnectionClosesAndOtherConnectionsGoOn() {
        Connection first = connection();
        Connection second = connection();
        StoragePool p = first.createStoragePool(poolXml("conformance-close", UUID.randomUUID()));
        StorageVolume v = p.createVolume(volumeXml("conformance-vol", 1 << 20));

        second.close();
        assertError(second::listAllStoragePools, ErrorCode.INVALID_CONN);
        first.close();

        assertError(p::info, ErrorCode.INVALID_CONN);
        assertError(v::info, ErrorCode.INVALID_CONN);
        Connection third = connection();
        assertThat(third.lookupStorageVolumeByKey(v.key()).name()).isEqualTo("conformance-vol");
    }

    @Test
    void unknownFlagsAreRefusedNamingLibvirtsFunction() {
        StoragePool made = connection().defineStoragePool(poolXml("conformance-flags", UUID.randomUUID()));
        StoragePoolRef ref = new StoragePoolRef(made.name(), made.uuid());
        long unknown = 1L << 30;
        try (StorageConnection s = openStorage()) {
            assertFlagsRefused(() -> s.listAllStoragePools(unknown), "virConnectListAllStoragePools");
            assertFlagsRefused(() -> s.storagePoolXml(ref, unknown), "virStoragePoolGetXMLDesc");
            assertFlagsRefused(() -> s.startStoragePool(ref, unknown), "virStoragePoolCreate");
            assertFlagsRefused(() -> s.defineStoragePool(poolXml("conformance-x", UUID.randomUUID()), unknown),
                    "virStoragePoolDefineXML");
        }
    }

    private static void assertFlagsRefused(Executable call, String function) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.getMessage()).contains("unsupported flags (0x40000000) in function " + function);
        });
    }

    private static void expect(BlockingQueue<StoragePoolEvent> events, StoragePool p, StoragePoolEventType type)
            throws InterruptedException {
        long deadline = System.nanoTime() + EVENT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            StoragePoolEvent e = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (e == null) {
                break;
            }
            if (e.pool().uuid().equals(p.uuid())) {
                assertThat(e.type()).as("the next event of %s", p.name()).isEqualTo(type);
                assertThat(e.pool().connection()).isSameAs(p.connection());
                return;
            }
        }
        throw new AssertionError("no " + type + " event for " + p.name() + " within " + EVENT_WAIT);
    }
}
