package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ConsoleStream;
import io.virtkit.api.Domain;
import io.virtkit.api.StartFlag;

/** A console attached to a guest's pty. */
class QemuConsolesTest {

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
}
