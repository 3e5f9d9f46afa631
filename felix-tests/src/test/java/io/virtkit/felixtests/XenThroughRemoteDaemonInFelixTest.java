package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;

import io.virtkit.xen.testing.XenHostFixture;

/**
 * Debian's virsh against Virtkit's remote daemon in plain Felix, reaching the Xen driver on the nested Xen host: virsh
 * names the daemon's socket and, in {@code name=}, the {@code xen://} URI the daemon opens
 * ({@code xen+unix:///?socket=…&name=xen://…}; virsh's own libxl driver is never involved). A PV guest is defined,
 * started, destroyed and undefined through virsh; {@code xl} in dom0 confirms each step.
 */
class XenThroughRemoteDaemonInFelixTest {
    private static final String GUEST = "vk-pkg-felix";

    private final BundleContext context = FrameworkUtil.getBundle(XenThroughRemoteDaemonInFelixTest.class)
            .getBundleContext();
    private XenHostFixture host;
    private Path dir;
    private Path socket;
    private Virsh virsh;

    @BeforeEach
    void startTheDaemon() throws Exception {
        host = XenHostFixture.shared();
        dir = Files.createTempDirectory("vk-felix-xen");
        socket = DaemonSockets.listenIn(context, dir);
        virsh = new Virsh(dir, Map.of());
        DriverFramework.await(context, "xen", "the Xen driver").close();
    }

    @AfterEach
    void cleanUp() throws Exception {
        try {
            if (host != null) {
                host.run("xl destroy " + GUEST + " 2>/dev/null; rm -f /etc/virtkit/xen/" + GUEST + ".xml /run/virtkit/xen/"
                        + GUEST + ".xml", Duration.ofSeconds(60));
            }
        } finally {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    @Test
    void virshListsDomain0AndRunsAPvGuestThroughTheDaemon() throws Exception {
        // the xen:// URI carries its own query (keyfile, known_hosts): escaped whole as the name parameter's value
        String remote = "xen+unix:///?socket=" + socket + "&name="
                + URLEncoder.encode(host.uri(), StandardCharsets.UTF_8);

        assertThat(virsh.run(remote, "list", "--all")).containsPattern("(?m)^\\s*0\\s+Domain-0\\s+running\\s*$");
        assertThat(virsh.run(remote, "dominfo", "Domain-0")).containsPattern("(?m)^Id:\\s+0$")
                .containsPattern("(?m)^Name:\\s+Domain-0$")
                .containsPattern("(?m)^State:\\s+running$");

        Path xml = dir.resolve(GUEST + ".xml");
        Files.writeString(xml, pvGuest(GUEST, 128));
        virsh.run(remote, "define", xml.toString()); // -q: virsh's own "defined", "started"... lines are left out
        assertThat(virsh.run(remote, "list", "--all")).containsPattern("(?m)^\\s*-\\s+" + GUEST + "\\s+shut off\\s*$");
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh.run(remote, "start", GUEST);
        assertThat(host.runChecked("xl list")).contains(GUEST);
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("running");
        assertThat(virsh.run(remote, "dominfo", GUEST)).containsPattern("(?m)^Max memory:\\s+131072 KiB$");

        virsh.run(remote, "destroy", GUEST);
        assertThat(host.runChecked("xl list")).doesNotContain(GUEST);
        assertThat(virsh.run(remote, "domstate", GUEST).strip()).isEqualTo("shut off");

        virsh.run(remote, "undefine", GUEST);
        assertThat(virsh.run(remote, "list", "--all")).doesNotContain(GUEST);
        assertThat(host.run("ls /etc/virtkit/xen/" + GUEST + ".xml", Duration.ofSeconds(10)).exitCode()).isNotZero();
    }

    /** A PV guest of the test kernel dom0 carries (xen.bundle's XenGuests.pv, which is not in the test-jar). */
    private static String pvGuest(String name, int memoryMiB) {
        String guests = XenHostFixture.guestDirectory();
        return """
                <domain type='xen'>
                  <name>%s</name>
                  <memory unit='MiB'>%d</memory>
                  <vcpu>1</vcpu>
                  <os>
                    <type>xen</type>
                    <kernel>%s</kernel>
                    <initrd>%s/initrd</initrd>
                    <cmdline>console=hvc0 loglevel=4</cmdline>
                  </os>
                  <devices>
                    <console type='pty'/>
                  </devices>
                </domain>
                """.formatted(name, memoryMiB, XenHostFixture.guestKernel(), guests);
    }
}
