package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo.DomainState;
import org.libvirt.Error.ErrorNumber;
import org.libvirt.LibvirtException;

import com.sun.jna.NativeLibrary;

import io.virtkit.api.VirtException;

/**
 * libvirt-java 0.5.4 (JNA bindings) through Debian's libvirt0 in this JVM, against {@link RemoteServer}:
 * the Java ecosystem's way into libvirt reaching Virtkit unchanged.
 */
class LibvirtJavaTest {
    @TempDir
    Path dir;
    private SocketServer server;
    private Path socket;
    private Connect conn;

    /**
     * libvirt-java loads the library by JNA name "virt". Debian ships only libvirt.so.0 (the unversioned
     * libvirt.so comes with libvirt-dev), which JNA finds by matching versioned names in the system's
     * library directories; when it cannot, libvirt0 is missing.
     */
    @BeforeAll
    static void libvirtLoads() {
        String file;
        try {
            file = NativeLibrary.getInstance("virt").getFile().toString();
        } catch (UnsatisfiedLinkError e) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError("libvirt0 must be installed on CI", e);
            }
            assumeTrue(false, "libvirt.so.0 not loadable: " + e.getMessage());
            return;
        }
        assertThat(Path.of(file).getFileName().toString()).startsWith("libvirt.so.0");
    }

    @BeforeEach
    void start() throws Exception {
        server = SocketServer.start(dir, new TestDriverFactory());
        socket = server.socket();
        conn = new Connect("test+unix:///default?socket=" + socket);
    }

    @AfterEach
    void stop() throws LibvirtException {
        try {
            if (conn != null) {
                conn.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void connectionReportsTheTestDriver() throws LibvirtException {
        assertThat(conn.getType()).isEqualTo("TEST");
        assertThat(conn.getURI()).isEqualTo("test+unix:///default?socket=" + socket);
        assertThat(conn.getHostName()).isNotBlank();
        assertThat(conn.isAlive()).isTrue();
    }

    @Test
    void listsTheDefaultDomain() throws LibvirtException {
        assertThat(conn.listDomains()).containsExactly(1);
        assertThat(conn.listDefinedDomains()).isEmpty();
        Domain test = conn.domainLookupByName("test");
        assertThat(test.getName()).isEqualTo("test");
        assertThat(test.getID()).isEqualTo(1);
        assertThat(test.getUUIDString()).isEqualTo("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(test.isActive()).isEqualTo(1);
        assertThat(test.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
        assertThat(conn.domainLookupByID(1).getName()).isEqualTo("test");
    }

    @Test
    void definesStartsPausesAndStopsADomain() throws LibvirtException {
        Domain d = conn.domainDefineXML("""
                <domain type='test'>
                  <name>java1</name>
                  <memory unit='KiB'>131072</memory>
                  <vcpu>1</vcpu>
                  <os><type>hvm</type></os>
                </domain>""");
        assertThat(conn.listDefinedDomains()).containsExactly("java1");
        assertThat(d.isActive()).isZero();
        assertThat(d.isPersistent()).isEqualTo(1);
        assertThat(d.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_SHUTOFF);

        assertThat(d.create()).isZero();
        assertThat(d.isActive()).isEqualTo(1);
        assertThat(d.getID()).isPositive();
        assertThat(Arrays.stream(conn.listDomains()).boxed()).containsExactlyInAnyOrder(1, d.getID());
        assertThat(conn.listDefinedDomains()).isEmpty();
        assertThat(d.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);
        assertThat(d.getInfo().maxMem).isEqualTo(131072);
        assertThat(d.getXMLDesc(0)).contains("<name>java1</name>").contains("id='" + d.getID() + "'");

        d.suspend();
        assertThat(d.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_PAUSED);
        d.resume();
        assertThat(d.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_RUNNING);

        d.destroy();
        assertThat(d.getInfo().state).isEqualTo(DomainState.VIR_DOMAIN_SHUTOFF);
        assertThat(conn.listDomains()).containsExactly(1);
        d.undefine();
        assertThat(conn.listDefinedDomains()).isEmpty();
        assertThat(catchThrowableOfType(() -> conn.domainLookupByName("java1"), LibvirtException.class)
                .getError().getCode()).isEqualTo(ErrorNumber.VIR_ERR_NO_DOMAIN);
    }

    @Test
    void errorsCarryVirtkitsCodeAndMessage() throws LibvirtException {
        String expected;
        try (io.virtkit.api.Connection c = new TestDriverFactory().open("test:///default")) {
            expected = catchThrowableOfType(() -> c.lookupDomainByName("nosuch"), VirtException.class).getMessage();
        }
        LibvirtException e = catchThrowableOfType(() -> conn.domainLookupByName("nosuch"), LibvirtException.class);
        assertThat(e).isNotNull();
        assertThat(e.getError().getCode()).isEqualTo(ErrorNumber.VIR_ERR_NO_DOMAIN);
        assertThat(e.getError().getMessage()).isEqualTo(expected);
        // the connection carries on after an error
        assertThat(conn.domainLookupByName("test").getID()).isEqualTo(1);
    }
}
