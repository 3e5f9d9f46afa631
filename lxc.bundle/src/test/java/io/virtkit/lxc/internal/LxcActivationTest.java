package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainStateReason;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * Fast activation on real containers (root, util-linux, busybox-static): a restarted driver returns from
 * activation at once and reconnects its running containers in the background, one task per domain; a
 * domain answers once its own reconnect is done, the others meanwhile. One reconnect is held up
 * deterministically by the driver's test hook until the test lets it go.
 */
class LxcActivationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> NAMES = List.of("act-a", "act-b", "act-c");

    private Path base;
    private Path rootfs;
    private String cgroupPath;
    private LxcDriverSettings settings;
    private LxcDriver driver;
    private DefaultConnectionFactory factory;
    private Connection conn;
    private final List<ContainerCgroup> seenCgroups = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        base = Files.createTempDirectory("virtkit-lxc-activation");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        cgroupPath = "virtkit-test/lxc-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings);
        factory = LxcTests.factory(driver);
        conn = factory.open("lxc:///");
    }

    @AfterEach
    void tearDown() throws IOException {
        try {
            LxcTests.destroyActive(new LxcDriver(settings));
        } finally {
            try {
                driver.close();
            } finally {
                LxcTests.removeLeftGroups(seenCgroups, WAIT);
                LxcTests.removeCgroups(cgroupPath);
                LxcTests.deleteTree(base);
            }
        }
    }

    private Domain started(String name) {
        Domain d = conn.defineDomain("<domain type='lxc'><name>" + name + "</name><memory unit='KiB'>65536</memory>"
                + "<vcpu>1</vcpu><os><type>exe</type><init>/bin/sh</init><initarg>-c</initarg>"
                + "<initarg>while :; do sleep 1000 &amp; wait; done</initarg></os><devices>"
                + "<filesystem type='mount'><source dir='" + rootfs + "'/><target dir='/'/></filesystem>"
                + "</devices></domain>");
        d.start();
        seenCgroups.add(driver.state().cgroup(driver.state().lookupByName(name)));
        return d;
    }

    private static <T> T within(java.util.function.Supplier<T> call) throws Exception {
        return CompletableFuture.supplyAsync(call).get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void aRestartedDriverActivatesAtOnceAndEachDomainAnswersOnceReconnected() throws Exception {
        Map<String, Long> pids = new HashMap<>();
        for (String name : NAMES) {
            started(name);
            pids.put(name, driver.state().initPid(driver.state().lookupByName(name)));
        }
        LxcTests.stop(factory, driver);

        CountDownLatch inReconnect = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        try {
            // activation returns while act-b's reconnect is held (it would hang here if it reconnected inline)
            driver = within(() -> new LxcDriver(settings, null, name -> {
                if (name.equals("act-b")) {
                    inReconnect.countDown();
                    try {
                        letGo.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }));
            factory.withHypervisorDriver(driver);
            conn = factory.open("lxc:///");
            assertThat(inReconnect.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // the others answer, taken over
            for (String name : List.of("act-a", "act-c")) {
                Domain d = within(() -> conn.lookupDomainByName(name));
                assertThat(within(d::isActive)).isTrue();
                assertThat(within(d::state).reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
                assertThat(driver.state().initPid(driver.state().lookupByName(name))).isEqualTo(pids.get(name));
            }
            // act-b answers only once its reconnect is done
            CompletableFuture<Domain> b = CompletableFuture.supplyAsync(() -> conn.lookupDomainByName("act-b"));
            Thread.sleep(200);
            assertThat(b).isNotDone();
            letGo.countDown();
            Domain again = b.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(again.isActive()).isTrue();
            assertThat(driver.state().initPid(driver.state().lookupByName("act-b"))).isEqualTo(pids.get("act-b"));
            for (String name : NAMES) {
                conn.lookupDomainByName(name).destroy();
            }
            assertThat(conn.listAllDomains()).allMatch(d -> d.state().reason() == DomainStateReason.SHUTOFF_DESTROYED);
        } finally {
            letGo.countDown();
        }
    }
}
