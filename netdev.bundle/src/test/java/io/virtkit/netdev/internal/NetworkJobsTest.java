package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Network;
import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.support.net.ConnectedTap;

/**
 * Per-network jobs (root and /dev/net/tun, in a namespace per test): a network's start runs dnsmasq
 * holding only that network's job, so a guest's TAP on another, active network is connected while the
 * start is held up. The start is held deterministically just before it launches dnsmasq, by the driver's
 * test hook ({@link NetworkLifecycle#beforeDnsmasq}), until the test lets it go.
 */
class NetworkJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private NetworkTestFixture fx;
    private VirtualNetworkDriver driver;
    private Connection conn;

    @BeforeEach
    void setUp() throws IOException {
        fx = new NetworkTestFixture();
        driver = fx.driver();
        conn = fx.open(driver);
    }

    @AfterEach
    void tearDown() throws IOException {
        driver.lifecycle().beforeDnsmasq = null;
        try {
            driver.close();
        } finally {
            fx.close();
        }
    }

    private static String network(String name, String bridge, int subnet) {
        return "<network><name>" + name + "</name><bridge name='" + bridge + "'/>"
                + "<ip address='10." + subnet + ".0.1' prefix='24'><dhcp><range start='10." + subnet
                + ".0.10' end='10." + subnet + ".0.20'/></dhcp></ip></network>";
    }

    @Test
    void aTapOnAnActiveNetworkConnectsWhileAnotherNetworkStartsItsDnsmasq() throws Exception {
        Network a = conn.defineNetwork(network("neta", "vkjoba0", 91));
        a.start();
        Network b = conn.defineNetwork(network("netb", "vkjobb0", 92));
        CountDownLatch inStart = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        driver.lifecycle().beforeDnsmasq = name -> {
            if (name.equals("netb")) {
                inStart.countDown();
                try {
                    letGo.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        CompletableFuture<Void> startB = CompletableFuture.runAsync(b::start);
        try {
            assertThat(inStart.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // B's start holds B's job only: A's TAP lookup, and queries on both, answer now (with one
            // driver-wide monitor around starts they would wait until letGo)
            HostTapProvider taps = new HostTapProvider(driver);
            InterfaceDevice nic = new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:aa:bb:01", "neta", null,
                    null, "virtio", null);
            try (ConnectedTap tap = CompletableFuture.supplyAsync(() -> taps.connect(nic, true))
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                assertThat(tap.bridge()).isEqualTo("vkjoba0");
            }
            assertThat(CompletableFuture.supplyAsync(() -> conn.listAllNetworks().size())
                    .get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
            assertThat(CompletableFuture.supplyAsync(b::isActive).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isFalse();
            assertThat(startB).isNotDone();

            // a second start of B is B's job: it waits for the first and then finds B active
            CompletableFuture<Void> again = CompletableFuture.runAsync(b::start);
            Thread.sleep(200);
            assertThat(again).isNotDone();

            letGo.countDown();
            startB.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(again).failsWithin(WAIT).withThrowableThat().withMessageContaining("network is already active");
            assertThat(b.isActive()).isTrue();
        } finally {
            letGo.countDown();
        }
        b.destroy();
        a.destroy();
        assertThat(fx.links()).doesNotContain("vkjoba0", "vkjobb0");
    }
}
