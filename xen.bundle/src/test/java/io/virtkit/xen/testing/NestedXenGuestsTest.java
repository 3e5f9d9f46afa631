package io.virtkit.xen.testing;

import static io.virtkit.xen.testing.TimedStep.timed;
import static org.assertj.core.api.Assertions.assertThat;

import io.virtkit.xen.internal.XenUri;
import io.virtkit.xen.internal.channel.RunningCommand;
import io.virtkit.xen.internal.channel.SshTarget;
import io.virtkit.xen.internal.channel.SshXenChannel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the nested Xen host offers the driver's tests beyond a bare PV guest: the SSH URI of {@link XenHostFixture#uri()},
 * xenstore's tools in dom0 (a watch on {@code @releaseDomain} streams), a PV guest with a disk image and a vif on
 * xenbr0, and PVH and HVM guests of the same kernel booted to their console markers. Every guest is destroyed.
 */
class NestedXenGuestsTest {
    private static final String GUEST = "virtkit-kinds";
    private static XenHostFixture xen;

    @BeforeAll
    static void boot() throws Exception {
        xen = XenHostFixture.shared();
    }

    @AfterEach
    void destroyGuest() throws IOException {
        xen.run("xl destroy " + GUEST + " 2>/dev/null; true", Duration.ofMinutes(1));
    }

    @Test
    void theUriReachesDom0ThroughTheDriversSshChannel() throws IOException {
        try (SshXenChannel channel = channel()) {
            assertThat(channel.run("xl list", Duration.ofMinutes(1)).stdout()).contains("Domain-0");
        }
        assertThat(xen.uri()).startsWith("xen://root@127.0.0.1:" + xen.sshPort() + "/system?keyfile=/")
                .contains("&known_hosts=/");
    }

    @Test
    void xenstoreWatchStreamsALineWhenAPvGuestIsDestroyed() throws Exception {
        writeConfig("type = \"pv\"\nextra = \"console=hvc0 loglevel=4\"");
        xen.runChecked("xl create /tmp/" + GUEST + ".cfg");
        String domid = xen.runChecked("xl domid " + GUEST).strip();
        assertThat(xen.runChecked("xenstore-read /local/domain/" + domid + "/name").strip()).isEqualTo(GUEST);
        assertThat(xen.runChecked("xenstore-ls /local/domain/" + domid)).contains("name = \"" + GUEST + "\"");

        try (SshXenChannel channel = channel();
                RunningCommand watch = channel.start("echo $$; exec xenstore-watch @releaseDomain")) {
            BlockingQueue<String> lines = lines(watch);
            String pid = lines.poll(30, TimeUnit.SECONDS);
            try {
                // xenstored fires a new watch once at once; then once per domain released
                assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("@releaseDomain");
                assertThat(lines.poll(1, TimeUnit.SECONDS)).isNull();
                xen.runChecked("xl destroy " + GUEST);
                assertThat(lines.poll(30, TimeUnit.SECONDS)).isEqualTo("@releaseDomain");
            } finally {
                xen.run("kill " + pid, Duration.ofSeconds(30));
            }
        }
        assertThat(xen.run("xenstore-exists /local/domain/" + domid, Duration.ofSeconds(30)).exitCode()).isNotZero();
    }

    @Test
    void pvGuestSeesItsDiskImageAndItsVifJoinsTheBridge() throws IOException {
        writeConfig("type = \"pv\"\nextra = \"console=hvc0 loglevel=4\"\n"
                + "disk = ['" + XenHostFixture.guestDirectory() + "/disk.img,raw,xvda,rw']\n"
                + "vif = ['bridge=xenbr0,mac=00:16:3e:12:34:56,vifname=vkpv0']");

        timed("xl create (PV, disk and vif)", () -> xen.runChecked("xl create /tmp/" + GUEST + ".cfg"));
        assertThat(xen.runChecked("ls /sys/class/net/xenbr0/brif")).contains("vkpv0"); // renamed to its vifname
        String console = timed("PV devices marker", () -> awaitConsole("VIRTKIT-GUEST-DEVICES-DONE"));

        assertThat(console).contains("VIRTKIT-GUEST-DISK xvda").contains("VIRTKIT-GUEST-NIC eth0 00:16:3e:12:34:56");
        assertThat(xen.runChecked("losetup -a")).contains("disk.img");
        xen.runChecked("xl destroy " + GUEST);
        assertThat(xen.runChecked("losetup -a")).doesNotContain("disk.img");
        assertThat(xen.runChecked("ls /sys/class/net/xenbr0/brif")).doesNotContain("vkpv0");
    }

    @Test
    void pvhGuestBootsToItsConsoleMarker() throws IOException {
        writeConfig("type = \"pvh\"\nextra = \"console=hvc0 loglevel=4\"");

        timed("xl create (PVH)", () -> xen.runChecked("xl create /tmp/" + GUEST + ".cfg"));
        String console = timed("PVH guest marker", () -> awaitConsole("VIRTKIT-GUEST-DEVICES-DONE"));

        assertThat(console).contains("VIRTKIT-GUEST-UP 6.");
        assertThat(xen.runChecked("xl list -l " + GUEST)).contains("\"type\": \"pvh\"");
    }

    private static SshXenChannel channel() throws IOException {
        XenUri uri = XenUri.parse(URI.create(xen.uri()));
        return new SshXenChannel(new SshTarget(uri.user(), uri.host(), uri.port(), uri.keyFiles(), uri.knownHosts(),
                uri.noVerify(), Duration.ofSeconds(30))).connect();
    }

    /** The guest (128 MiB: less is too small for the kernel) of the test kernel and busybox initramfs. */
    private static void writeConfig(String kindAndDevices) throws IOException {
        String dir = XenHostFixture.guestDirectory();
        xen.runChecked("rm -f /var/log/xen/console/guest-" + GUEST + ".log; cat > /tmp/" + GUEST + ".cfg <<'EOF'\n"
                + "name = \"" + GUEST + "\"\n" + kindAndDevices + "\n"
                + "kernel = \"" + XenHostFixture.guestKernel() + "\"\nramdisk = \"" + dir + "/initrd\"\n"
                + "memory = 128\nvcpus = 1\nEOF");
    }

    private static String awaitConsole(String marker) throws IOException {
        return await("/var/log/xen/console/guest-" + GUEST + ".log", marker, Duration.ofMinutes(3));
    }

    /** Waits in dom0 (one round trip) until the file holds the marker; the file. */
    private static String await(String file, String marker, Duration timeout) throws IOException {
        long tenths = timeout.toMillis() / 100;
        Dom0Ssh.Result result = xen.run("i=0; until grep -qs " + marker + " " + file + "; do i=$((i+1)); [ $i -le "
                + tenths + " ] || { echo no marker; exit 1; }; sleep 0.1; done", timeout.plusSeconds(30));
        String text = xen.run("cat " + file, Duration.ofSeconds(30)).stdout();
        assertThat(result.exitCode()).as("%s never showed %s:%n%s", file, marker, text).isZero();
        return text;
    }

    private static BlockingQueue<String> lines(RunningCommand command) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(command.stdout(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("(read failed: " + e + ")");
            }
        }, "xenstore-watch-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }
}
