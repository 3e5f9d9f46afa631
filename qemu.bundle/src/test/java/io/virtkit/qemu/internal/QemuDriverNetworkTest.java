package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.files;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.support.net.ConnectedTap;
import io.virtkit.support.net.TapProvider;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * Guests with TAP-backed interfaces (network, bridge, ethernet): the TAP opened by the driver's provider
 * and handed to QEMU by descriptor. The real-kernel test runs the netdev driver inside a namespace it makes.
 */
class QemuDriverNetworkTest {

    private static final String MAC = "52:54:00:ab:cd:01";

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private QemuDriverSettings settings;

    @BeforeEach
    void setUp() {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
    }

    @AfterEach
    void tearDown() {
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        guests.killAll();
    }

    private Connection open(TapProvider taps) {
        QemuDriver d = new QemuDriver(settings, taps);
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///session");
    }

    private String netGuest(String name, String target) {
        return guests.xml(name, "<devices><interface type='network'><mac address='" + MAC + "'/>"
                + "<source network='qnet'/>" + (target == null ? "" : "<target dev='" + target + "'/>")
                + "<model type='virtio'/></interface></devices>");
    }

    private void assertNothingLeft(Domain d) throws Exception {
        assertThat(files(settings.session().runtime())).noneMatch(f -> f.startsWith(d.name() + "."));
        assertThat(guests.processesOf(d.uuid())).isEmpty();
    }

    @Test
    void withoutTheNetdevFeatureNothingIsStarted() throws Exception {
        Connection conn = open(null);
        Domain d = conn.defineDomain(netGuest("nonet", null));
        assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
            assertThat(e).hasMessage("unsupported configuration: interface type 'network' needs Virtkit's netdev "
                    + "feature (virtkit-netdev), which is not installed");
        });
        assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_UNKNOWN));
        assertNothingLeft(d);
        assertThat(files(settings.session().log())).doesNotContain("nonet.log"); // QEMU was never launched
        assertThatThrownBy(() -> conn.createDomain(netGuest("nonet2", null)))
                .hasMessageContaining("needs Virtkit's netdev feature");
        assertThat(conn.listAllDomains()).containsExactly(d);
    }

    @Test
    void aProviderThatFailsLeavesNothing() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        Connection conn = open((iface, vnet) -> {
            calls.incrementAndGet();
            assertThat(vnet).isTrue();
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE,
                    "The " + iface.targetDev() + " interface already exists");
        });
        Domain d = conn.defineDomain(netGuest("failnet", "pre"));
        assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e ->
                assertThat(e).hasMessage("Requested operation is not valid: The pre interface already exists"));
        assertThat(calls).hasValue(1);
        assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_FAILED));
        assertNothingLeft(d);
    }

    /** libc open/close for a descriptor that is no TAP: QEMU's netdev_add refuses it. */
    interface Libc extends com.sun.jna.Library {
        Libc C = Native.load(Platform.C_LIBRARY_NAME, Libc.class);

        int open(String path, int flags) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

    @Test
    void qemuRefusingTheDescriptorFailsTheStartAndClosesOurCopy() throws Exception {
        List<Integer> closed = new ArrayList<>();
        Connection conn = open((iface, vnet) -> {
            int fd = Libc.C.open("/dev/null", 2 | 0x80000);
            return new ConnectedTap() {
                @Override
                public String name() {
                    return "fake0";
                }

                @Override
                public int fd() {
                    return fd;
                }

                @Override
                public String bridge() {
                    return null;
                }

                @Override
                public void close() {
                    closed.add(fd);
                    Libc.C.close(fd);
                }
            };
        });
        Domain d = conn.defineDomain(netGuest("badfd", null));
        assertThatThrownBy(d::start).isInstanceOf(VirtException.class);
        assertThat(closed).hasSize(1);
        assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_FAILED));
        assertNothingLeft(d);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pc", "q35"})
    void aNetworkGuestGetsATransientTapOnTheBridgeInTheNamespace(String machine) throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            List<String> withNetwork = net.links();
            Connection conn = open(net.taps());
            Domain d = conn.createDomain(netGuest("netvm", null).replace("machine='pc'", "machine='" + machine + "'"),
                    StartFlag.PAUSED);
            try {
                List<String> added = new ArrayList<>(net.links());
                added.removeAll(withNetwork);
                assertThat(added).singleElement().asString().matches("vnet\\d+");
                String tap = added.get(0);
                assertThat(net.ipIn("-d", "link", "show", tap)).contains("master vkqbr0")
                        .contains("fe:54:00:ab:cd:01").contains("vnet_hdr");
                assertThat(d.xml()).contains("<target dev='" + tap + "'/>");
                String filter = ((QemuDomain) d).monitorCommand(
                        "{\"execute\":\"query-rx-filter\",\"arguments\":{\"name\":\"net0\"}}");
                assertThat(filter).contains("\"name\":\"net0\"").contains("\"main-mac\":\"" + MAC + "\"")
                        .doesNotContain("\"error\"");
            } finally {
                d.destroy();
            }
            assertNothingLeft(d);
            // QEMU took its descriptor along: the transient TAP vanished without anyone unplugging it
            assertThat(net.links()).isEqualTo(withNetwork);
        }
    }

    @Test
    void anExistingTargetDevIsRefusedThroughQemu() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            net.ipIn("tuntap", "add", "dev", "pre", "mode", "tap");
            List<String> before = net.links();
            Connection conn = open(net.taps());
            Domain d = conn.defineDomain(netGuest("prevm", "pre"));
            assertThatThrownBy(d::start).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                assertThat(e).hasMessage("Requested operation is not valid: The pre interface already exists");
            });
            assertNothingLeft(d);
            assertThat(net.links()).isEqualTo(before);
        }
    }

    @Test
    void anAutostartGuestWaitingForTheTapProviderStartsWhenItArrives() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            Domain defined = open(net.taps()).defineDomain(netGuest("autovm", null));
            defined.setAutostart(true);
            drivers.forEach(QemuGuests::stop);

            // The netdev bundle may activate after the QEMU driver: the guest waits for it, then starts.
            QemuDriver later = new QemuDriver(settings, null);
            drivers.add(later);
            Connection conn = QemuGuests.open(later, "qemu:///session");
            assertThat(conn.lookupDomainByName("autovm").isActive()).isFalse();
            later.setTapProvider(net.taps());
            Domain d = conn.lookupDomainByName("autovm");
            try {
                // the start happens on the driver's thread, not on the binding one
                assertThat(awaitRunning(d)).as("autostarted after the TAP provider came").isTrue();
                assertThat(d.xml()).containsPattern("<target dev='vnet\\d+'/>");
            } finally {
                d.destroy();
            }
            assertNothingLeft(d);
        }
    }

    private static boolean awaitRunning(Domain d) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // active comes first (paused, starting up); running once QEMU is set up and continued
        while (d.state().state() != io.virtkit.api.DomainState.RUNNING) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
