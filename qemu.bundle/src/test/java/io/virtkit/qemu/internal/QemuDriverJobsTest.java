package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStats;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * libvirt's job model in the QEMU driver: a redefinition and a device change on one domain are serialised
 * (no lost update), statistics never wait behind a modification, and destroy ends a job stuck on the guest.
 */
class QemuDriverJobsTest {

    private static final Pattern MEMORY = Pattern.compile("<memory unit='KiB'>(\\d+)</memory>");

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private final List<QemuDriver> drivers = new ArrayList<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private QemuDriverSettings settings;

    @BeforeEach
    void setUp() {
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        guests.killAll();
    }

    private Connection open(io.virtkit.support.net.TapProvider taps) {
        QemuDriver d = new QemuDriver(settings, taps);
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///session");
    }

    private static String mac(int i) {
        return String.format("52:54:00:00:%02x:%02x", i / 256, i % 256);
    }

    private static String userNic(String mac) {
        return "<interface type='user'><mac address='" + mac + "'/><model type='virtio'/></interface>";
    }

    /**
     * A redefinition (new memory size, and the NIC a concurrent attach adds) races a CONFIG attach of that
     * NIC, many times: whichever runs first, the definition ends with the new memory size and the NIC once;
     * the attach either succeeded or failed cleanly because the NIC was there. Without serialisation the
     * attach writes back the definition it read before the redefinition: the memory size is lost.
     */
    @Test
    void aRedefinitionAndADeviceAttachRacingNeverLoseAnUpdate() throws Exception {
        Connection conn = open(null);
        String base = guests.xml("race");
        Domain d = conn.defineDomain(base);
        StringBuilder nics = new StringBuilder();
        CyclicBarrier go = new CyclicBarrier(2);
        int clean = 0;
        for (int i = 1; i <= 300; i++) {
            String mac = mac(i);
            int mib = 32 + i;
            nics.append(userNic(mac));
            String redefined = base.replace("<memory unit='MiB'>32</memory>", "<memory unit='MiB'>" + mib + "</memory>")
                    .replace("</domain>", "<devices>" + nics + "</devices></domain>");
            Future<?> define = pool.submit(() -> {
                go.await();
                return conn.defineDomain(redefined);
            });
            Future<?> attach = pool.submit(() -> {
                go.await();
                d.attachDevice(userNic(mac), DeviceModifyFlag.CONFIG);
                return null;
            });
            define.get(30, TimeUnit.SECONDS);
            try {
                attach.get(30, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // the redefinition came first and brought the NIC along: a clean refusal
                assertThat(e.getCause()).isInstanceOfSatisfying(VirtException.class, v -> {
                    assertThat(v.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(v).hasMessageContaining("target already exists: MAC address " + mac);
                });
                clean++;
            }
            String xml = d.xml(XmlFlag.INACTIVE);
            Matcher m = MEMORY.matcher(xml);
            assertThat(m.find()).as("memory in %s", xml).isTrue();
            assertThat(Long.parseLong(m.group(1))).as("round %d: the redefinition's memory size", i)
                    .isEqualTo(mib * 1024L);
            assertThat(xml.split(mac, -1)).as("round %d: the attached NIC once", i).hasSize(2);
        }
        // both orders happened (else the test did not race)
        assertThat(clean).isBetween(1, 299);
    }

    /**
     * A detach on a q35 guest at -S waits for DEVICE_DELETED, which a guest whose firmware never ran never
     * sends (PCIe native hotplug needs the guest's ack); meanwhile statistics answer at once (a QUERY job
     * beside the MODIFY one), and destroy kills the guest first, which ends the waiting detach.
     */
    @Test
    void statisticsAnswerAtOnceWhileADetachWaitsAndDestroyEndsTheWait() throws Exception {
        try (HostNetnsFixture net = HostNetnsFixture.forDriver("qemu")) {
            net.networks().defineNetwork("<network><name>qnet</name><bridge name='vkqbr0'/></network>").start();
            Connection conn = open(net.taps());
            String nic = "<interface type='network'><mac address='52:54:00:ab:cd:01'/><source network='qnet'/>"
                    + "<model type='virtio'/></interface>";
            Domain d = conn.defineDomain(guests.xml("stuck", "<devices>" + nic + "</devices>")
                    .replace("machine='pc'", "machine='q35'"));
            d.start(StartFlag.PAUSED);
            QemuDomainObject record = drivers.get(0).state(settings.session()).lookupByName("stuck");
            Future<?> detach = pool.submit(() -> {
                d.detachDevice(nic, DeviceModifyFlag.LIVE);
                return null;
            });
            QemuGuests.await(() -> record.jobs.describe().contains("MODIFY virDomainDetachDeviceFlags"));
            Thread.sleep(200); // well into the wait for DEVICE_DELETED

            long t0 = System.nanoTime();
            DomainStats stats = d.stats();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("stats beside a waiting detach").isLessThan(Duration.ofSeconds(1));
            assertThat(stats.fields()).containsKey("vcpu.0.time").containsKey("block.count");
            assertThat(d.xml()).contains("52:54:00:ab:cd:01");
            assertThat(detach).as("the detach still waits for the guest").isNotDone();

            t0 = System.nanoTime();
            d.destroy();
            took = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(took).as("destroy beside a waiting detach").isLessThan(Duration.ofSeconds(5));
            assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_DESTROYED));
            try {
                detach.get(5, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(VirtException.class);
            }
            assertThat(guests.processesOf(d.uuid())).isEmpty();
        }
    }
}
