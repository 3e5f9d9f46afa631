package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.testing.XenHostFixture;

/** virDomainOpenConsole against the real Xen nested under QEMU: {@code xl console} over the SSH channel. */
class XenConsoleTest {

    private static final String NAME = "vk-dev-console";

    private static XenHostFixture xen;
    private static HypervisorConnection conn;

    @BeforeAll
    static void open() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        // xl's console client locks the console in /var/lock (a directory every distribution's dom0 has; the test
        // dom0's init does not make it yet)
        xen.runChecked("mkdir -p /var/lock");
        conn = XenDrivers.open(xen);
    }

    @AfterAll
    static void close() {
        if (conn != null) {
            conn.close();
        }
    }

    @AfterEach
    void cleanUp() throws IOException {
        xen.run("xl destroy " + NAME + " 2>/dev/null; rm -f /etc/virtkit/xen/" + NAME + ".xml /run/virtkit/xen/" + NAME
                + ".xml", Duration.ofSeconds(60));
    }

    @Test
    void theConsoleOfAPvGuestCarriesItsOutputAndOurInputAndLeavesNoClientBehind() throws Exception {
        // created paused and resumed once the console is open, so the guest's first words are read as they come
        DomainRef guest = conn.createDomain(XenGuests.pv(NAME, 128), StartFlag.PAUSED.bit());
        try (ConsoleStream console = conn.openConsole(guest, null, 0);
                ConsoleReader reader = new ConsoleReader(console.input())) {
            conn.resumeDomain(guest);
            reader.await("VIRTKIT-GUEST-UP", Duration.ofSeconds(90));

            // the guest's console is a terminal that echoes what it receives: our bytes reached the guest
            console.output().write("virtkit-typed-42\r".getBytes(StandardCharsets.US_ASCII));
            console.output().flush();
            reader.await("virtkit-typed-42", Duration.ofSeconds(30));

            assertThat(clientsFor(guest)).isNotEmpty();
            console.close();
            assertThat(reader.awaitEnd(Duration.ofSeconds(20))).isTrue();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!clientsFor(guest).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(clientsFor(guest)).as("xl console clients left in dom0").isEmpty();
    }

    @Test
    void consolesAreRefusedInLibvirtsWords() throws Exception {
        DomainRef defined = conn.defineDomain(XenGuests.pv(NAME, 128), 0);
        assertThatThrownBy(() -> conn.openConsole(defined, null, 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("domain is not running")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);

        conn.startDomain(defined, StartFlag.PAUSED.bit());
        DomainRef running = conn.lookupDomainByName(NAME);
        assertThatThrownBy(() -> conn.openConsole(running, "serial0", 0)).isInstanceOf(VirtException.class)
                .hasMessageContaining("cannot find character device serial0")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThatThrownBy(() -> conn.openConsole(running, null, 4)).isInstanceOf(VirtException.class)
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.INVALID_ARG);
        assertThatThrownBy(() -> conn.openConsole(conn.lookupDomainById(0), null, 0))
                .isInstanceOf(VirtException.class).hasMessageContaining("Domain-0")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        // console0 names the first console, as a null device does
        try (ConsoleStream console = conn.openConsole(running, "console0", XenConsoles.FORCE)) {
            assertThat(console.input()).isNotNull();
        }
    }

    /** The xl console clients (xenconsole, which xl execs) attached to the guest's console in dom0. */
    private static String clientsFor(DomainRef guest) throws IOException {
        // xl execs ".../bin/xenconsole DOMID --num N --type T"; a reaped client's zombie shows as "[xenconsole]"
        return xen.run("ps | grep 'bin/[x]enconsole " + guest.id() + " ' || true", Duration.ofSeconds(20))
                .stdout().strip();
    }
}
