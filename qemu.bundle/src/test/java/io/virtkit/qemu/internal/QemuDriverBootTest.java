package io.virtkit.qemu.internal;

import static io.virtkit.qemu.internal.QemuGuests.next;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.StartFlag;
import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * A real Linux guest boots under TCG and powers off through ACPI when the driver shuts it down; its console takes
 * keystrokes while a reader waits.
 */
@ExtendWith(TinyLinuxGuest.Extension.class)
class QemuDriverBootTest {

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private QemuDriver driver;

    @AfterEach
    void tearDown() {
        if (driver != null) {
            QemuGuests.stop(driver);
        }
        guests.killAll();
    }

    @Test
    void bootsThenShutsDownThroughAcpiToShutoffShutdown(TinyLinuxGuest guest) throws Exception {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp));
        Connection conn = QemuGuests.open(driver, "qemu:///system");
        BlockingQueue<DomainEventDetail> events = QemuGuests.events(conn);
        // ACPI must be on for the power button (without <acpi/> QEMU gets acpi=off, as from libvirt)
        String xml = guest.domainXml("tiny");
        assertThat(xml).contains("<acpi/>");
        Domain d = conn.defineDomain(xml);
        guests.track(d.uuid());
        assertThat(next(events)).isEqualTo(DomainEventDetail.DEFINED_ADDED);

        // paused first, so that the console is attached before the guest prints anything
        d.start(StartFlag.PAUSED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.STARTED_BOOTED);
        assertThat(next(events)).isEqualTo(DomainEventDetail.SUSPENDED_PAUSED);
        StringBuffer output = new StringBuffer();
        try (ConsoleStream console = d.openConsole(null)) {
            Thread reader = new Thread(() -> pump(console.input(), output), "console-reader");
            reader.setDaemon(true);
            reader.start();
            d.resume();
            assertThat(next(events)).isEqualTo(DomainEventDetail.RESUMED_UNPAUSED);
            waitFor(output, TinyLinuxGuest.READY_MARKER, 120);

            d.shutdown();
            assertThat(events.poll(60, TimeUnit.SECONDS)).isEqualTo(DomainEventDetail.SHUTDOWN_GUEST);
            assertThat(next(events)).isEqualTo(DomainEventDetail.STOPPED_SHUTDOWN);
            // "QEMU stopped" is not "its last console output read": the reader may still be behind
            waitFor(output, TinyLinuxGuest.POWEROFF_MARKER, 10);
        }
        assertThat(d.state()).isEqualTo(DomainStateInfo.of(DomainStateReason.SHUTOFF_SHUTDOWN));
        assertThat(guests.processesOf(d.uuid())).isEmpty();
        assertThat(QemuGuests.files(tmp.resolve("run"))).isEmpty();
    }

    @Test
    void typingDoesNotWaitForAReaderBlockedOnASilentGuest() throws Exception {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp));
        Connection c = QemuGuests.open(driver, "qemu:///session");
        // paused: the guest prints nothing, so a reader blocks in read() for as long as the test runs
        Domain d = c.createDomain(guests.xml("silent", "<devices><serial type='pty'><target port='0'/></serial>"
                + "<console type='pty'><target type='serial' port='0'/></console></devices>"), StartFlag.PAUSED);
        try (ConsoleStream console = d.openConsole(null)) {
            Thread reader = new Thread(() -> {
                try {
                    console.input().read(new byte[64]);
                } catch (IOException e) {
                    // closed at the end
                }
            }, "console-reader");
            reader.setDaemon(true);
            reader.start();
            QemuGuests.await(() -> Arrays.stream(reader.getStackTrace())
                    .anyMatch(f -> f.getMethodName().equals("read") && f.getClassName().contains("FileChannelImpl")));
            CompletableFuture<Void> typed = CompletableFuture.runAsync(() -> {
                try {
                    console.output().write("ls\n".getBytes());
                    console.output().flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            typed.get(10, TimeUnit.SECONDS);
            assertThat(typed).isDone();
        }
    }

    private static void pump(InputStream in, StringBuffer out) {
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // console closed or QEMU gone
        }
    }

    private static void waitFor(StringBuffer output, String marker, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!output.toString().contains(marker)) {
            assertThat(System.nanoTime()).as("'%s' on the console; got:%n%s", marker, output).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
