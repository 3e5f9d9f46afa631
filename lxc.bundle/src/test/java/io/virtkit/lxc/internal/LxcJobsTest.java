package io.virtkit.lxc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.lxc.internal.cgroup.ContainerCgroup;

/**
 * libvirt's job model in the LXC driver, on real containers (root, util-linux, busybox-static): the end of
 * a run is cleaned up in the destroy's job, outside the domain's monitor, so queries answer while it runs
 * and a start waits for it. The clean-up is held up deterministically by the driver's test hook
 * ({@link LxcRunEnd#cleanUpHook}), which blocks until the test lets it go.
 */
class LxcJobsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

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
        base = Files.createTempDirectory("virtkit-lxc-jobs");
        rootfs = BusyboxRootfs.build(base.resolve("rootfs"));
        cgroupPath = "virtkit-test/lxc-" + UUID.randomUUID().toString().substring(0, 8);
        settings = LxcDriverSettings.forTests(base.resolve("state"), cgroupPath);
        driver = new LxcDriver(settings);
        factory = LxcTests.factory(driver);
        conn = factory.open("lxc:///");
    }

    @AfterEach
    void tearDown() throws IOException {
        driver.state().runEnd().cleanUpHook = null;
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

    @Test
    void queriesAnswerWhileADestroyCleansUpAndAStartWaitsForIt() throws Exception {
        Domain d = started("slow-cleanup");
        CountDownLatch inCleanUp = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        driver.state().runEnd().cleanUpHook = () -> {
            inCleanUp.countDown();
            try {
                letGo.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> destroy = CompletableFuture.runAsync(d::destroy);
        try {
            assertThat(inCleanUp.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

            // the clean-up holds the DESTROY job, not the monitor: QUERY jobs answer now (they would hang
            // until letGo if the clean-up ran under the domain's monitor)
            assertThat(CompletableFuture.supplyAsync(d::info).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(CompletableFuture.supplyAsync(() -> d.xml()).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                    .contains("<name>slow-cleanup</name>");
            assertThat(CompletableFuture.supplyAsync(d::state).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
            assertThat(destroy).isNotDone();

            // a start is a MODIFY job: it waits for the destroy's clean-up instead of racing it
            CompletableFuture<Void> start = CompletableFuture.runAsync(() -> d.start());
            Thread.sleep(300);
            assertThat(start).isNotDone();

            driver.state().runEnd().cleanUpHook = null;
            letGo.countDown();
            destroy.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            start.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(d.state().state()).isEqualTo(DomainState.RUNNING);
            seenCgroups.add(driver.state().cgroup(driver.state().lookupByName("slow-cleanup")));
            d.destroy();
            assertThat(d.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
        } finally {
            letGo.countDown();
        }
    }
}
