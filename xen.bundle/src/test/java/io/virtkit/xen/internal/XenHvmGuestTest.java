package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ConsoleStream;
import io.virtkit.api.DomainState;
import io.virtkit.api.StartFlag;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * An HVM guest through the driver on the nested Xen: defined, started, its serial console read through
 * openConsole, destroyed. The slowest guest kind here (its device model runs in dom0 under TCG): one guest, no VGA.
 */
class XenHvmGuestTest extends NestedXenDriverTest {

    private static final String NAME = "vk-hvm";

    @BeforeAll
    static void lockDirectory() throws IOException {
        xen.runChecked("mkdir -p /var/lock"); // xl's console client locks the console there
    }

    @AfterEach
    void cleanUp() throws IOException {
        removeGuests(NAME);
    }

    @Test
    void anHvmGuestBootsTheKernelDirectlyAndSpeaksOnItsSerialConsole() throws Exception {
        String dir = XenHostFixture.guestDirectory();
        String xml = "<domain type='xen'><name>" + NAME + "</name><memory unit='MiB'>128</memory><vcpu>1</vcpu>"
                + "<os><type>hvm</type><kernel>" + XenHostFixture.guestBzImage() + "</kernel><initrd>" + dir + "/initrd</initrd>"
                + "<cmdline>console=ttyS0 loglevel=4</cmdline></os><features><acpi/><apic/><pae/></features><devices><serial type='pty'><target port='0'/>"
                + "</serial><console type='pty'><target type='serial' port='0'/></console>"
                + "<video><model type='none'/></video></devices></domain>";
        DomainRef defined = conn.defineDomain(xml, 0);
        assertThat(conn.domainOsType(defined)).isEqualTo("hvm");

        // started paused so the console is open before the guest's first words
        conn.startDomain(defined, StartFlag.PAUSED.bit());
        DomainRef running = conn.lookupDomainByName(NAME);
        assertThat(xen.runChecked("xl list -l " + NAME)).contains("\"type\": \"hvm\"");
        try (ConsoleStream console = conn.openConsole(running, null, 0);
                ConsoleReader reader = new ConsoleReader(console.input())) {
            conn.resumeDomain(running);
            // 33-58 s on a quiet machine, up to 3 minutes on a loaded one (NESTED-XEN.md)
            reader.await("VIRTKIT-GUEST-UP 6.", Duration.ofMinutes(5)); // init runs: it printed the kernel release
        }
        assertThat(conn.domainState(running, 0).state()).isEqualTo(DomainState.RUNNING);

        conn.destroyDomain(running, 0);
        assertThat(conn.domainIsActive(defined)).isFalse();
        assertThat(xen.runChecked("xl list")).doesNotContain(NAME);
        conn.undefineDomain(defined, 0);
    }
}
