package io.virtkit.xen.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.xen.internal.channel.ChannelLostException;
import io.virtkit.xen.testing.XenHostFixture;

/**
 * The SSH session to the Xen host dies while {@code xl create} runs (dropbear's process for it killed in dom0): the
 * start fails at once, the host finishes the create or removes what it built, and the next call of the same
 * connection (a new session) sees a domain that runs with its live file, or none and no file: never a half-built one.
 */
class XenCreateLostSessionTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String NAME = "vk-ssh-lost";
    private static XenHostFixture xen;
    private HypervisorConnection conn;

    @BeforeEach
    void open() throws IOException, InterruptedException {
        xen = XenHostFixture.shared();
        conn = XenDrivers.open(xen);
    }

    @AfterEach
    void cleanUp() throws IOException {
        conn.close();
        xen.run("kill $(" + io.virtkit.xen.internal.channel.SshXenChannelDropbearTest.pidsOf("sh -c for i in")
                + "); xl destroy " + NAME + " 2>/dev/null; rm -f /etc/virtkit/xen/" + NAME
                + ".xml /run/virtkit/xen/" + NAME + ".xml /tmp/vk-ssh-killed", WAIT);
    }

    /**
     * Starts a watcher in dom0 that kills the dropbear process whose command runs {@code xl create} as soon as xl
     * runs: xl's parent is the driver's script shell, whose parent is that session's dropbear.
     */
    private static void killTheSessionWhenXlCreates() throws IOException {
        xen.runChecked("(sh -c 'for i in $(seq 1 1200); do for p in /proc/[0-9]*; do"
                + " read c < $p/comm 2>/dev/null; [ \"$c\" = xl ] && grep -q create $p/cmdline 2>/dev/null || continue;"
                + " s=$(cut -d\" \" -f4 $p/stat); d=$(cut -d\" \" -f4 /proc/$s/stat);"
                + " if [ \"$(cat /proc/$d/comm)\" = dropbear ]; then kill -9 $d; echo $d > /tmp/vk-ssh-killed; exit 0;"
                + " fi; done; sleep 0.05; done # vkwatch') </dev/null >/dev/null 2>&1 &");
    }

    /** Waits until no driver create script runs in dom0 (it removes its directory as it ends). */
    private static void waitForTheHostToSettle() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (xen.run("ls -d /tmp/virtkit-xl.* 2>/dev/null", WAIT).exitCode() == 0) {
            assertThat(System.nanoTime()).as("the create script ended in dom0").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * Defines the guest, starts it with the session killed under xl create, waits until dom0 settled. The guest boots
     * the bzImage, which xl unpacks for seconds before it builds (or fails to): the watcher, a sweep of dom0's
     * processes under TCG, cannot miss that create, as it could miss one of the ELF failing at once.
     */
    private DomainRef startLosingTheSession(int memoryMiB) throws IOException, InterruptedException {
        DomainRef defined = conn.defineDomain(XenGuests.pv(NAME, memoryMiB)
                .replace(XenHostFixture.guestKernel(), XenHostFixture.guestBzImage()), 0);
        killTheSessionWhenXlCreates();
        startFails(defined);
        waitForTheHostToSettle();
        return defined;
    }

    private VirtException startFails(DomainRef defined) throws IOException {
        long start = System.nanoTime();
        VirtException e = org.junit.jupiter.api.Assertions.assertThrows(VirtException.class,
                () -> conn.startDomain(defined, 0));
        assertThat(xen.runChecked("cat /tmp/vk-ssh-killed")).as("the watcher killed the session").isNotBlank();
        assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
        assertThat(e.getCause()).isInstanceOf(ChannelLostException.class);
        assertThat(e.getMessage()).contains("ended while xl created domain '" + NAME + "'", "list the domains");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("no hang").isLessThan(WAIT);
        return e;
    }

    @Test
    void aCreateWhoseSessionDiesIsFinishedByTheHost() throws IOException, InterruptedException {
        DomainRef defined = startLosingTheSession(128);
        String listing = xen.runChecked("xl list");
        assertThat(listing).doesNotContain("(null)");
        boolean live = xen.run("ls /run/virtkit/xen/" + NAME + ".xml", WAIT).exitCode() == 0;
        System.err.println("after the lost session, the host " + (listing.contains(NAME) ? "finished" : "removed")
                + " the domain");
        if (listing.contains(NAME)) {
            assertThat(live).as("a running domain has its live file").isTrue();
            assertThat(conn.domainState(conn.lookupDomainByName(NAME), 0).state()).isIn(DomainState.RUNNING,
                    DomainState.BLOCKED);
        } else {
            assertThat(live).as("no domain, no live file").isFalse();
            assertThat(conn.domainState(defined, 0).state()).isEqualTo(DomainState.SHUTOFF);
        }
    }

    @Test
    void aCreateThatFailsAfterItsSessionDiedIsCleanedUpByTheHost() throws IOException, InterruptedException {
        // 16 MiB cannot hold the kernel: xl fails while it builds, with nobody connected to clean up
        DomainRef defined = startLosingTheSession(16);
        assertThat(xen.runChecked("xl list")).doesNotContain(NAME).doesNotContain("(null)");
        assertThat(xen.run("ls /run/virtkit/xen/" + NAME + ".xml", WAIT).exitCode()).isNotZero();
        assertThat(conn.domainState(defined, 0).state()).isEqualTo(DomainState.SHUTOFF);
        assertThatThrownBy(() -> conn.lookupDomainById(999)).isInstanceOf(VirtException.class);
    }
}
