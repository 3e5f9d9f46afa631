package io.virtkit.xen.testing;

import static io.virtkit.xen.testing.TimedStep.timed;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The nested Xen host answers as a real one: Xen 4.17 under QEMU (TCG), dom0's xl toolstack reached over SSH, a PV
 * guest booted to its console marker and destroyed. The fixture the Xen driver's tests will stand on.
 */
class NestedXenHostTest {
    private static XenHostFixture xen;

    @BeforeAll
    static void boot() throws Exception {
        xen = XenHostFixture.shared();
    }

    @Test
    void xlInfoAnswersFromTheNestedHypervisorWithNestedPaging() throws IOException {
        String info = timed("xl info", () -> xen.runChecked("xl info"));

        assertThat(info).containsPattern("(?m)^xen_major\\s+: 4$").containsPattern("(?m)^xen_minor\\s+: 17$")
                .containsPattern("(?m)^virt_caps\\s+:.*\\bpv\\b.*\\bhvm\\b.*\\bhap\\b")
                .containsPattern("(?m)^total_memory\\s+: \\d+$");
    }

    @Test
    void rootsCommandsFindTheToolstackOnDropbearsPath() throws IOException {
        assertThat(xen.runChecked("echo $PATH").strip()).contains("/usr/sbin").contains("/usr/bin");
        assertThat(xen.runChecked("command -v xl").strip()).isEqualTo("/usr/sbin/xl");
    }

    @Test
    void xlListLongIsJsonNamingDomainZero() throws IOException {
        String json = timed("xl list -l", () -> xen.runChecked("xl list -l")).strip();

        assertThat(json).startsWith("[").endsWith("]").contains("\"domid\": 0").contains("\"name\": \"Domain-0\"");
    }

    @Test
    void dryRunCreatePrintsThePvDomainAsJsonAndCreatesNothing() throws IOException {
        writeConfig("/tmp/dry.cfg", "virtkit-dry", 96);

        Dom0Ssh.Result dry = timed("xl -N create", () -> xen.run("xl -N create /tmp/dry.cfg", Duration.ofMinutes(1)));

        assertThat(dry.exitCode()).as(dry.stderr()).isZero();
        assertThat(dry.stderr()).contains("Parsing config from /tmp/dry.cfg");
        assertThat(dry.stdout().strip()).startsWith("{").endsWith("}")
                .contains("\"name\": \"virtkit-dry\"").contains("\"type\": \"pv\"")
                .contains("\"max_memkb\": 98304").contains("\"max_vcpus\": 1")
                .contains("\"kernel\": \"" + XenHostFixture.guestKernel() + "\"")
                .contains("\"ramdisk\": \"" + XenHostFixture.guestDirectory() + "/initrd\"")
                .contains("\"cmdline\": \"console=hvc0 loglevel=4\"");
        assertThat(xen.runChecked("xl list")).doesNotContain("virtkit-dry");
    }

    @Test
    void pvGuestBootsToItsConsoleMarkerAndIsDestroyed() throws IOException {
        writeConfig("/tmp/pv.cfg", "virtkit-pv", 128);
        String log = "/var/log/xen/console/guest-virtkit-pv.log";

        timed("xl create (PV)", () -> xen.runChecked("xl create /tmp/pv.cfg"));
        // xenconsoled logs the guest's hvc0: wait in dom0 for the marker (one round trip), at most 3 minutes
        timed("PV guest marker", () -> xen.runChecked("i=0; until grep -qs VIRTKIT-GUEST-UP " + log
                + "; do i=$((i+1)); [ $i -le 360 ] || { echo no marker; tail " + log + "; exit 1; }; sleep 0.5; done"));
        assertThat(xen.runChecked("xl list -l virtkit-pv")).contains("\"name\": \"virtkit-pv\"");
        timed("xl destroy", () -> xen.runChecked("xl destroy virtkit-pv"));

        assertThat(xen.runChecked("cat " + log)).contains("VIRTKIT-GUEST-UP 6.");
        assertThat(xen.runChecked("xl list")).doesNotContain("virtkit-pv");
    }

    /** A PV guest of the test kernel and busybox initramfs dom0 carries. */
    private static void writeConfig(String path, String name, int memoryMiB) throws IOException {
        String dir = XenHostFixture.guestDirectory();
        xen.runChecked("cat > " + path + " <<'EOF'\n"
                + "name = \"" + name + "\"\n"
                + "type = \"pv\"\n"
                + "kernel = \"" + XenHostFixture.guestKernel() + "\"\n"
                + "ramdisk = \"" + dir + "/initrd\"\n"
                + "extra = \"console=hvc0 loglevel=4\"\n"
                + "memory = " + memoryMiB + "\n"
                + "vcpus = 1\n"
                + "EOF");
    }
}
