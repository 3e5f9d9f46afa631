package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;

import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.Registration;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * Virtkit's API, core and test-driver bundles in a plain Apache Felix framework with Felix SCR and
 * nothing else: they resolve, their DS components come up, the API works through the OSGi service, and
 * the test driver can be taken away and brought back while the framework runs.
 */
class VirtkitInFelixTest {

    private static final Duration WAIT = DriverFramework.WAIT;
    private static final String TEST_URI = "test:///default";
    private static final String TEST_DRIVER_BSN = "io.virtkit.test";

    private final BundleContext context = FrameworkUtil.getBundle(VirtkitInFelixTest.class).getBundleContext();
    private DriverFramework framework;
    private ConnectionFactory factory;

    @BeforeEach
    void findTheFactory() throws InterruptedException {
        framework = DriverFramework.await(context, "test", "the test driver");
        factory = framework.factory();
    }

    @AfterEach
    void closeTracker() {
        try {
            framework.restartIfStopped(TEST_DRIVER_BSN);
        } finally {
            framework.close();
        }
    }

    @Test
    void runsInPlainFelixWithScrAndNoKaraf() {
        Bundle system = context.getBundle(0);
        assertThat(system.getSymbolicName()).isEqualTo("org.apache.felix.framework");
        assertThat(system.getVersion()).isEqualTo(Version.parseVersion("7.0.5"));
        assertThat(framework.bundle("org.apache.felix.scr").getVersion()).isEqualTo(Version.parseVersion("2.2.6"));

        List<String> names = Arrays.stream(context.getBundles()).map(Bundle::getSymbolicName).toList();
        assertThat(names).noneMatch(n -> n.startsWith("org.apache.karaf"));
        for (String bsn : List.of("io.virtkit.api", "io.virtkit.core", TEST_DRIVER_BSN)) {
            assertThat(framework.bundle(bsn).getState()).as(bsn + " state").isEqualTo(Bundle.ACTIVE);
        }
    }

    @Test
    void opensTheTestDriverAndListsItsRunningDomain() {
        try (Connection conn = factory.open(TEST_URI)) {
            assertThat(conn.uri()).isEqualTo(TEST_URI);
            assertThat(conn.type()).isEqualTo("TEST");
            assertThat(conn.isAlive()).isTrue();
            assertThat(conn.listAllDomains()).extracting(Domain::name).contains("test");

            Domain test = conn.lookupDomainByName("test");
            assertThat(test.isActive()).isTrue();
            assertThat(test.state().state()).isEqualTo(DomainState.RUNNING);
            assertThat(test.id()).isPositive();
        }
    }

    @Test
    void theTestDriversStorageWorksThroughTheService() {
        try (Connection conn = factory.open(TEST_URI)) {
            StoragePool pool = conn.lookupStoragePoolByName("default-pool");
            assertThat(pool.isActive()).isTrue();
            StorageVolume vol = pool.createVolume(
                    "<volume><name>felix</name><capacity unit='KiB'>64</capacity></volume>");
            try (VolumeUpload up = vol.upload(0, 0)) {
                up.write(ByteBuffer.wrap(new byte[] {4, 2}));
                up.finish();
            }
            ByteBuffer read = ByteBuffer.allocate(2);
            try (VolumeDownload down = vol.download(0, 2)) {
                assertThat(down.read(read)).isEqualTo(2);
            }
            assertThat(read.array()).containsExactly(4, 2);
            vol.delete();
            assertThat(pool.listVolumes()).isEmpty();
        }
    }

    @Test
    void definesStartsDestroysAndUndefinesADomainWithLifecycleEvents() throws InterruptedException {
        BlockingQueue<DomainEvent> events = new LinkedBlockingQueue<>();
        try (Connection conn = factory.open(TEST_URI);
                Registration registration = conn.addDomainEventListener(events::add)) {
            Domain domain = conn.defineDomain(domainXml("felix-guest"));
            try {
                assertThat(domain.name()).isEqualTo("felix-guest");
                assertThat(domain.isPersistent()).isTrue();
                assertThat(domain.isActive()).isFalse();
                assertThat(domain.state().state()).isEqualTo(DomainState.SHUTOFF);
                assertThat(nextEvent(events)).satisfies(e -> {
                    assertThat(e.domain().name()).isEqualTo("felix-guest");
                    assertThat(e.detail()).isEqualTo(DomainEventDetail.DEFINED_ADDED);
                });

                domain.start();
                assertThat(domain.isActive()).isTrue();
                assertThat(domain.state().state()).isEqualTo(DomainState.RUNNING);
                assertThat(domain.state().reason()).isEqualTo(DomainStateReason.RUNNING_BOOTED);
                assertThat(domain.id()).isPositive();
                assertThat(conn.lookupDomainById(domain.id()).uuid()).isEqualTo(domain.uuid());
                assertThat(domain.xml()).contains("<name>felix-guest</name>").contains("id='" + domain.id() + "'");
                assertThat(nextEvent(events).detail()).isEqualTo(DomainEventDetail.STARTED_BOOTED);

                domain.destroy();
                assertThat(domain.state().state()).isEqualTo(DomainState.SHUTOFF);
                assertThat(domain.state().reason()).isEqualTo(DomainStateReason.SHUTOFF_DESTROYED);
                assertThat(domain.id()).isEqualTo(-1);
                assertThat(nextEvent(events).detail()).isEqualTo(DomainEventDetail.STOPPED_DESTROYED);
            } finally {
                if (domain.isActive()) {
                    domain.destroy();
                }
                domain.undefine();
            }
            assertThat(nextEvent(events).detail()).isEqualTo(DomainEventDetail.UNDEFINED_REMOVED);
            assertThatThrownBy(() -> conn.lookupDomainByName("felix-guest"))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
            assertThat(conn.listAllDomains()).extracting(Domain::name).doesNotContain("felix-guest");
        }
    }

    @Test
    void badDomainXmlFailsLikeLibvirtAndDefinesNothing() {
        try (Connection conn = factory.open(TEST_URI)) {
            int before = conn.listAllDomains().size();
            // Not well-formed: libvirt reports the parser's complaint as XML_DETAIL.
            assertThatThrownBy(() -> conn.defineDomain("<domain type='test'><name>broken</name>"))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.XML_DETAIL));
            // Well-formed but not a valid domain: XML_ERROR, as virsh shows "XML error: an os <type> …".
            assertThatThrownBy(() -> conn.defineDomain("<domain type='test'><name>broken</name></domain>"))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.XML_ERROR);
                        assertThat(e.getMessage()).startsWith("XML error: ");
                    });
            assertThat(conn.listAllDomains()).hasSize(before);
            assertThatThrownBy(() -> conn.lookupDomainByName("broken"))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN));
        }
    }

    @Test
    void theTestDriverCanBeStoppedAndStartedWhileTheFrameworkRuns() throws Exception {
        Bundle driver = framework.bundle(TEST_DRIVER_BSN);
        String driverName = framework.driver("test").map(DriverInfo::name).orElseThrow();
        Connection before = factory.open(TEST_URI);
        try {
            driver.stop();

            // Bundle stop unregisters the driver's service synchronously; the factory unbinds it at once.
            assertThat(factory.drivers()).extracting(DriverInfo::name).doesNotContain(driverName);
            assertThat(factory.drivers()).noneMatch(d -> d.schemes().contains("test") && !DriverFramework.isRemote(d));
            assertThatThrownBy(() -> factory.open(TEST_URI))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT);
                        assertThat(e.getMessage()).isEqualTo("no connection driver available for " + TEST_URI);
                    });
            // A driver that goes away closes the connections it opened.
            DriverFramework.awaitTrue("the connection of the stopped driver to die", () -> !before.isAlive());

            driver.start();
            DriverFramework.awaitTrue("the test driver to come back", this::testDriverListed);
            try (Connection again = factory.open(TEST_URI)) {
                assertThat(again.isAlive()).isTrue();
                assertThat(again.listAllDomains()).extracting(Domain::name).contains("test");
            }
        } finally {
            before.close();
        }
    }

    private boolean testDriverListed() {
        return framework.driver("test").isPresent();
    }

    private static DomainEvent nextEvent(BlockingQueue<DomainEvent> events) throws InterruptedException {
        DomainEvent event = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(event).as("a lifecycle event within " + WAIT).isNotNull();
        return event;
    }

    private static String domainXml(String name) {
        return """
                <domain type='test'>
                  <name>%s</name>
                  <memory unit='MiB'>512</memory>
                  <vcpu>1</vcpu>
                  <os><type arch='x86_64'>hvm</type></os>
                  <devices>
                    <disk type='file' device='disk'>
                      <source file='/var/lib/libvirt/images/%1$s.img'/>
                      <target dev='vda' bus='virtio'/>
                    </disk>
                    <interface type='network'>
                      <source network='default'/>
                    </interface>
                  </devices>
                </domain>
                """.formatted(name);
    }
}
