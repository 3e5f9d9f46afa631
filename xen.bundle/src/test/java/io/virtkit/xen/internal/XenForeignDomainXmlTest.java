package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.testing.XenHostFixture;

/** dumpxml of domains Virtkit did not start: a guest created with {@code xl create} typed in dom0, and Domain-0. */
class XenForeignDomainXmlTest {

    private static final String NAME = "vk-conv-foreign";

    private static XenHostFixture xen;
    private static HypervisorConnection conn;

    @BeforeAll
    static void open() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
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
        xen.run("xl destroy " + NAME + " 2>/dev/null; rm -f /tmp/" + NAME + ".cfg", Duration.ofSeconds(60));
    }

    @Test
    void aGuestCreatedByHandShowsWhatItsConfigurationSays() throws IOException {
        String dir = XenHostFixture.guestDirectory();
        xen.runChecked("cat > /tmp/" + NAME + ".cfg <<'EOF'\n"
                + "name = \"" + NAME + "\"\n"
                + "memory = 128\nmaxmem = 160\nvcpus = 1\nmaxvcpus = 2\n"
                + "kernel = \"" + dir + "/vmlinuz\"\nramdisk = \"" + dir + "/initrd\"\n"
                + "extra = \"console=hvc0 loglevel=4\"\n"
                + "on_poweroff = \"preserve\"\non_reboot = \"destroy\"\non_crash = \"coredump-destroy\"\n"
                + "EOF\nxl create -p /tmp/" + NAME + ".cfg");

        DomainRef domain = conn.lookupDomainByName(NAME);
        String xml = conn.domainXml(domain, 0);

        assertThat(xml).startsWith("<domain type='xen' id='" + domain.id() + "'>").contains(
                "<name>" + NAME + "</name>", "<uuid>" + domain.uuid() + "</uuid>",
                "<memory unit='KiB'>163840</memory>", "<currentMemory unit='KiB'>131072</currentMemory>",
                "<vcpu placement='static' current='1'>2</vcpu>", "<type arch='x86_64' machine='xenpv'>xen</type>",
                "<kernel>" + dir + "/vmlinuz</kernel>", "<initrd>" + dir + "/initrd</initrd>",
                "<cmdline>console=hvc0 loglevel=4</cmdline>", "<on_poweroff>preserve</on_poweroff>",
                "<on_reboot>destroy</on_reboot>", "<on_crash>coredump-destroy</on_crash>");
        assertThat(conn.domainOsType(domain)).isEqualTo("xen");
    }

    @Test
    void domainZeroHasXmlToo() {
        DomainRef dom0 = conn.lookupDomainById(0);

        assertThat(conn.domainXml(dom0, 0)).startsWith("<domain type='xen' id='0'>").contains("<name>Domain-0</name>");
    }
}
