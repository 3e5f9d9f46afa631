package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeType;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageDriver;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;
import io.virtkit.api.qemu.QemuDomain;

/**
 * {@code <disk type='volume'>} at start, through a fake storage driver registered as storage.bundle's would be
 * (the QEMU driver knows only the storage SPI): a volume resolves to its file and format on real QEMU (TCG,
 * checked over QMP), and an inactive pool, a missing volume, a network pool or no storage driver at all are
 * refused with libvirt's errors before QEMU runs.
 */
class QemuDriverVolumeDiskFakeStorageDriverTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();

    /** A pool of the fake: its type, whether it runs, its volumes (name to path and format). */
    private record FakePool(String type, boolean active, Map<String, String[]> volumes) {
    }

    private final Map<String, FakePool> pools = new HashMap<>();
    private int opened;
    private int closed;

    /** A storage driver serving qemu URIs whose connections answer from {@link #pools}; the rest: NO_SUPPORT. */
    private StorageDriver fakeDriver() {
        return new StorageDriver() {
            @Override
            public String name() {
                return "fake";
            }

            @Override
            public Set<String> schemes() {
                return Set.of("qemu");
            }

            @Override
            public Optional<StorageConnection> open(OpenRequest request, ConnectionEvents events) {
                assertThat(request.uri().toString()).isEqualTo("qemu:///session");
                opened++;
                return Optional.of((StorageConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {StorageConnection.class}, (proxy, method, args) -> answer(method.getName(),
                                args)));
            }
        };
    }

    private Object answer(String method, Object[] args) {
        switch (method) {
            case "lookupStoragePoolByName" -> {
                String name = (String) args[0];
                if (!pools.containsKey(name)) {
                    throw new VirtException(ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE,
                            "no storage pool with matching name '" + name + "'");
                }
                return new StoragePoolRef(name, UUID.nameUUIDFromBytes(name.getBytes()));
            }
            case "storagePoolIsActive" -> {
                return pools.get(((StoragePoolRef) args[0]).name()).active();
            }
            case "storagePoolXml" -> {
                FakePool p = pools.get(((StoragePoolRef) args[0]).name());
                String source = p.type().equals("rbd") ? "<source><name>r</name><host name='mon'/></source>" : "";
                String target = p.type().equals("rbd") ? "" : "<target><path>/fake</path></target>";
                return "<pool type='" + p.type() + "'><name>" + ((StoragePoolRef) args[0]).name() + "</name>"
                        + source + target + "</pool>";
            }
            case "lookupStorageVolumeByName" -> {
                StoragePoolRef pool = (StoragePoolRef) args[0];
                String[] v = pools.get(pool.name()).volumes().get((String) args[1]);
                if (v == null) {
                    throw new VirtException(ErrorCode.NO_STORAGE_VOL, ErrorDomain.STORAGE,
                            "no storage vol with matching name '" + args[1] + "'");
                }
                return new StorageVolumeRef(pool.name(), (String) args[1], v[0]);
            }
            case "storageVolumeInfo" -> {
                return new StorageVolumeInfo(StorageVolumeType.FILE, 1 << 20, 0);
            }
            case "storageVolumePath" -> {
                return ((StorageVolumeRef) args[0]).key();
            }
            case "storageVolumeXml" -> {
                StorageVolumeRef ref = (StorageVolumeRef) args[0];
                String[] v = pools.get(ref.pool()).volumes().get(ref.name());
                return "<volume><name>" + ref.name() + "</name><capacity>1048576</capacity><target><path>" + v[0]
                        + "</path><format type='" + v[1] + "'/></target></volume>";
            }
            case "close" -> {
                closed++;
                return null;
            }
            default -> throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.STORAGE, method);
        }
    }

    private static String volumeDisk(String pool, String volume) {
        return "<devices><disk type='volume' device='disk'><source pool='" + pool + "' volume='" + volume + "'/>"
                + "<target dev='vda' bus='virtio'/></disk></devices>";
    }

    private Connection openWithFake() {
        Connection conn = instances.open(null);
        instances.drivers.get(0).addStorageDriver(fakeDriver());
        return conn;
    }

    @Test
    void aVolumeDiskStartsOnTheVolumesFileInItsFormat() throws Exception {
        Path image = instances.dir().resolve("vol.qcow2");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", image.toString(), "1M")
                .inheritIO().start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        pools.put("images", new FakePool("dir", true, Map.of("vol.qcow2", new String[] {image.toString(), "qcow2"})));
        Connection conn = openWithFake();
        Domain d = conn.defineDomain(instances.guests.xml("voldisk", volumeDisk("images", "vol.qcow2")));

        d.start(StartFlag.PAUSED);
        try {
            JsonNode block = JSON.readTree(((QemuDomain) d).monitorCommand("{\"execute\":\"query-block\"}"))
                    .path("return");
            JsonNode vda = null;
            for (JsonNode b : block) {
                if (b.path("qdev").asText().contains("virtio-disk0")) {
                    vda = b.path("inserted");
                }
            }
            assertThat(vda).isNotNull();
            assertThat(vda.path("file").asText()).isEqualTo(image.toString());
            assertThat(vda.path("drv").asText()).isEqualTo("qcow2");
            // the live XML keeps the disk as given, as libvirt's does
            assertThat(d.xml()).contains("<disk type='volume' device='disk'>",
                    "<source pool='images' volume='vol.qcow2'/>");
        } finally {
            d.destroy();
        }
        assertThat(closed).isEqualTo(opened).isEqualTo(1);
    }

    @Test
    void anInactivePoolAMissingVolumeANetworkPoolAndNoStorageDriverAreRefusedBeforeQemuRuns() {
        pools.put("off", new FakePool("dir", false, Map.of()));
        pools.put("on", new FakePool("dir", true, Map.of()));
        pools.put("ceph", new FakePool("rbd", true, Map.of()));
        Connection conn = openWithFake();

        assertStartFails(conn, "off", "v", ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: storage pool 'off' containing volume 'v' is not active");
        assertStartFails(conn, "on", "v", ErrorCode.NO_STORAGE_VOL,
                "Storage volume not found: no storage vol with matching name 'v'");
        assertStartFails(conn, "gone", "v", ErrorCode.NO_STORAGE_POOL,
                "Storage pool not found: no storage pool with matching name 'gone'");
        assertStartFails(conn, "ceph", "v", ErrorCode.CONFIG_UNSUPPORTED,
                "unsupported configuration: using 'rbd' pools for backing 'volume' disks isn't yet supported");
        assertStartFails(conn, "on' mode='host", "v", ErrorCode.XML_ERROR,
                "XML error: disk source mode is only valid when storage pool is of iscsi type");
        assertThat(closed).isEqualTo(opened).isEqualTo(5);

        Connection bare = instances.open(null); // a second instance, without any storage driver
        assertStartFails(bare, "on", "v", ErrorCode.NO_CONNECT,
                "no connection driver available for the storage of qemu:///session");
        assertThat(instances.guests.leftovers()).isEmpty();
    }

    private void assertStartFails(Connection conn, String pool, String volume, ErrorCode code, String message) {
        Domain d = conn.defineDomain(instances.guests.xml("bad" + opened,
                volumeDisk(pool, volume)));
        try {
            assertThatThrownBy(() -> d.start()).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(code);
                if (message != null) {
                    assertThat(e.getMessage()).isEqualTo(message);
                }
            });
            assertThat(d.isActive()).isFalse();
        } finally {
            d.undefine();
        }
    }

}
