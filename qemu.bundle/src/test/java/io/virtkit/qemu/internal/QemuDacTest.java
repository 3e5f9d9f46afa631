package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.qemu.QemuDomain;
import io.virtkit.qemu.internal.QemuSecurity.QemuIdentity;
import io.virtkit.qemu.internal.security.FileOwner;
import io.virtkit.qemu.internal.security.QemuConfinement;
import io.virtkit.qemu.internal.security.RememberedOwners;

/**
 * qemu:///system's confinement against real QEMU (TCG, as root): QEMU runs as virtkit-qemu with no capability in a
 * private /dev; a disk of another user (uid 4242, 0600) is given to QEMU's user and its owner and mode come back
 * after destroy, after QEMU is killed with SIGKILL, after a daemon restart while it runs (and after QEMU died while
 * no daemon ran); a file not in the XML cannot be opened; a read-only disk stays unwritable; a shared disk goes back
 * when its last guest stops; a hotplugged disk is given and given back; an unreachable file is refused with
 * libvirt's wording and nothing is left behind.
 */
class QemuDacTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OTHER = 4242;

    @RegisterExtension
    final QemuDriverInstances instances = new QemuDriverInstances();
    private final QemuGuests guests = instances.guests;

    private QemuIdentity qemu() {
        return instances.settings().security().identity();
    }

    /** A 1 MiB raw image owned by uid/gid 4242, mode 0600 (QEMU's user could not open it as it is). */
    private Path foreignImage(Path dir, String name) throws IOException {
        Path image = dir.resolve(name);
        Files.write(image, new byte[1 << 20]);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-------"));
        Files.setAttribute(image, "unix:uid", OTHER);
        Files.setAttribute(image, "unix:gid", OTHER);
        return image;
    }

    private static String disk(Path image, String target, String extra) {
        return "<disk type='file' device='disk'><driver name='qemu' type='raw'/><source file='" + image
                + "'/><target dev='" + target + "' bus='virtio'/>" + extra + "</disk>";
    }

    private static void assertOwner(Path file, int uid, int gid, int mode) throws IOException {
        assertThat(FileOwner.of(file)).as(file + " owner and mode").isEqualTo(new FileOwner(uid, gid, mode));
    }

    private static void assertRestored(Path file) throws IOException {
        assertOwner(file, OTHER, OTHER, 0600);
        assertThat(RememberedOwners.remembered(file)).as("no record left on " + file).isEmpty();
    }

    private static long pidOf(QemuGuests guests, Domain d) {
        List<ProcessHandle> p = guests.processesOf(d.uuid());
        assertThat(p).hasSize(1);
        return p.get(0).pid();
    }

    private static JsonNode qmp(Domain d, String json) throws Exception {
        return JSON.readTree(((QemuDomain) d).monitorCommand(json));
    }

    @Test
    void qemuRunsUnprivilegedWithOnlyItsDevices() throws Exception {
        Connection c = instances.open(null);
        Path image = foreignImage(instances.dir(), "a.img");
        Domain d = c.createDomain(guests.xml("conf", "<devices>" + disk(image, "vda", "") + "</devices>"));
        long pid = pidOf(guests, d);
        assertThat(ConfinedGuests.check(d.uuid(), qemu())).isEmpty();
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        assertThat(ConfinedGuests.field(status, "Uid")).startsWith(qemu().uid() + "\t");
        assertThat(ConfinedGuests.field(status, "CapEff")).matches("0+");
        assertThat(ConfinedGuests.field(status, "CapBnd")).matches("0+");
        // still QEMU itself at the pid the daemon started (every step exec'd)
        assertThat(ProcessFacts.cmdline(pid)).startsWith(QemuGuests.EMULATOR + "\0");

        Set<String> expected = new TreeSet<>(List.of("pts", "shm"));
        for (String node : QemuConfinement.BASE_DEVICES) {
            if (Files.exists(Path.of(node))) {
                expected.add(Path.of(node).getFileName().toString());
            }
        }
        assertThat(new TreeSet<>(QemuGuests.files(Path.of("/proc/" + pid + "/root/dev")))).as("QEMU's /dev")
                .isEqualTo(expected);
        assertThat(QemuGuests.files(Path.of("/dev"))).as("the host's /dev is untouched").contains("tty", "console");

        // a root-only file not in the XML: QEMU may not open it (blockdev-add by name, no fd handed over)
        Path secret = instances.dir().resolve("secret.img");
        Files.write(secret, new byte[4096]);
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        JsonNode reply = qmp(d, "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"filename\":\""
                + secret + "\",\"node-name\":\"stolen\",\"read-only\":true}}");
        assertThat(reply.path("error").path("desc").asText()).contains("Permission denied");
        // nor a host device it was not given (not even there in its /dev)
        reply = qmp(d, "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"host_device\",\"filename\":"
                + "\"/dev/vda\",\"node-name\":\"host\",\"read-only\":true}}");
        assertThat(reply.path("error").path("desc").asText()).containsAnyOf("No such file", "Permission denied");
        d.destroy();
        assertRestored(image);
    }

    @Test
    void aForeignDiskIsGivenToQemuAndBackAfterDestroyAndAfterACrash() throws Exception {
        Connection c = instances.open(null);
        Path image = foreignImage(instances.dir(), "b.img");
        Domain d = c.defineDomain(guests.xml("crash", "<devices>" + disk(image, "vda", "") + "</devices>"));
        d.start();
        assertOwner(image, qemu().uid(), qemu().gid(), 0600);
        assertThat(RememberedOwners.remembered(image)).contains(new FileOwner(OTHER, OTHER, 0600));
        d.destroy();
        assertRestored(image);

        d.start();
        assertOwner(image, qemu().uid(), qemu().gid(), 0600);
        ProcessHandle.of(pidOf(guests, d)).orElseThrow().destroyForcibly(); // SIGKILL: QEMU crashed
        await(() -> d.state().state() == DomainState.SHUTOFF);
        assertRestored(image);
    }

    @Test
    void ownersComeBackAfterADaemonRestartWhileTheGuestRuns() throws Exception {
        Path image = foreignImage(instances.dir(), "c.img");
        Path other = foreignImage(instances.dir(), "d.img");
        Connection first = instances.open(null);
        first.defineDomain(guests.xml("kept", "<devices>" + disk(image, "vda", "") + "</devices>")).start();
        first.defineDomain(guests.xml("died", "<devices>" + disk(other, "vda", "") + "</devices>")).start();
        long diedPid = pidOf(guests, first.lookupDomainByName("died"));
        QemuGuests.stop(instances.drivers.get(0)); // the daemon goes; its guests run on
        assertOwner(image, qemu().uid(), qemu().gid(), 0600);
        ProcessHandle died = ProcessHandle.of(diedPid).orElseThrow();
        died.destroyForcibly(); // and one guest dies while no daemon watches
        QemuState.waitForExit(died, java.time.Duration.ofSeconds(10));

        Connection second = instances.open(null);
        Domain kept = second.lookupDomainByName("kept");
        assertThat(kept.state().state()).isEqualTo(DomainState.RUNNING);
        assertOwner(image, qemu().uid(), qemu().gid(), 0600);
        Domain gone = second.lookupDomainByName("died");
        await(() -> gone.state().state() == DomainState.SHUTOFF);
        assertRestored(other);
        kept.destroy();
        assertRestored(image);
    }

    @Test
    void aReadOnlyDiskStaysUnwritableAndASharedOneGoesBackWithItsLastGuest() throws Exception {
        Connection c = instances.open(null);
        Path image = instances.dir().resolve("ro.img");
        Files.write(image, new byte[1 << 20]);
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        String ro = disk(image, "vda", "<readonly/><shareable/>");
        Domain one = c.createDomain(guests.xml("ro1", "<devices>" + ro + "</devices>"));
        assertOwner(image, qemu().uid(), qemu().gid(), 0444);
        JsonNode reply = qmp(one, "{\"execute\":\"blockdev-add\",\"arguments\":{\"driver\":\"file\",\"filename\":\""
                + image + "\",\"node-name\":\"writable\",\"read-only\":false}}");
        assertThat(reply.path("error").path("desc").asText()).as("QEMU cannot open it for writing")
                .contains("Permission denied");
        Domain two = c.createDomain(guests.xml("ro2", "<devices>" + ro + "</devices>"));
        one.destroy();
        assertOwner(image, qemu().uid(), qemu().gid(), 0444); // still used by ro2
        two.destroy();
        assertOwner(image, 0, 0, 0644);
        assertThat(RememberedOwners.remembered(image)).isEmpty();
    }

    @Test
    void aHotpluggedDiskIsGivenAndGivenBackOnUnplug() throws Exception {
        Connection c = instances.open(null);
        Path image = foreignImage(instances.dir(), "hot.img");
        Domain d = c.createDomain(guests.xml("hot", "<devices><controller type='pci' index='1' model='pci-bridge'/>"
                + "</devices>"));
        d.attachDevice(disk(image, "vdb", ""), DeviceModifyFlag.LIVE);
        assertOwner(image, qemu().uid(), qemu().gid(), 0600);
        d.detachDevice(disk(image, "vdb", ""), DeviceModifyFlag.LIVE);
        assertRestored(image);

        Path hidden = Files.createDirectory(instances.dir().resolve("private"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path unreachable = foreignImage(hidden, "x.img");
        assertThatThrownBy(() -> d.attachDevice(disk(unreachable, "vdc", ""), DeviceModifyFlag.LIVE))
                .isInstanceOf(VirtException.class).hasMessageContaining("Cannot access storage file '" + unreachable
                        + "' (as uid:" + qemu().uid() + ", gid:" + qemu().gid() + "): Permission denied");
        assertRestored(unreachable);
        assertThat(d.xml()).doesNotContain("vdc");
        d.destroy();
    }

    @Test
    void anUnreachableFileIsRefusedBeforeLaunchAndNothingIsLeft() throws Exception {
        Connection c = instances.open(null);
        Path reachable = foreignImage(instances.dir(), "ok.img");
        Path hidden = Files.createDirectory(instances.dir().resolve("hidden"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path unreachable = foreignImage(hidden, "no.img");
        Domain d = c.defineDomain(guests.xml("refused", "<devices>" + disk(reachable, "vda", "")
                + disk(unreachable, "vdb", "") + "</devices>"));
        VirtException e = (VirtException) org.assertj.core.api.Assertions.catchThrowable(d::start);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThat(e).hasMessageContaining("Cannot access storage file '" + unreachable + "' (as uid:"
                + qemu().uid() + ", gid:" + qemu().gid() + "): Permission denied");
        assertThat(d.state().state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(guests.processesOf(d.uuid())).isEmpty();
        assertRestored(reachable);
        assertRestored(unreachable);
        assertThat(QemuGuests.files(instances.settings().system().runtime())).as("no status file, label journal, "
                + "domain directory").isEmpty();
    }
}
