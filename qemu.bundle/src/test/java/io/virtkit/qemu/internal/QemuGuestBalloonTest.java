package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.XmlFlag;
import io.virtkit.qemu.testing.TinyLinuxGuest;

/**
 * Live setmem end to end: the tiny Linux guest with its virtio balloon driver, booted under TCG, gives memory back
 * when the driver sets the balloon target (QMP balloon), and QEMU's BALLOON_CHANGE moves the domain's live current
 * memory, as with libvirt; the persistent definition is untouched.
 */
class QemuGuestBalloonTest {

    private static final int BALLOON_TIMEOUT_S = 120;

    @TempDir
    Path tmp;

    private final QemuGuests guests = new QemuGuests();
    private QemuDriver driver;
    private TinyLinuxGuest guest;

    @BeforeEach
    void prepareGuest() throws IOException {
        guest = TinyLinuxGuest.prepareForTest("virtio_pci", "virtio_balloon");
    }

    @AfterEach
    void tearDown() {
        if (driver != null) {
            QemuGuests.stop(driver);
        }
        guests.killAll();
    }

    @Test
    void theGuestsBalloonDriverGivesMemoryBackAndTheLiveDefinitionFollows() throws Exception {
        driver = new QemuDriver(QemuDriverSettings.forTests(QemuGuests.EMULATOR, tmp));
        Connection conn = QemuGuests.open(driver, "qemu:///session");
        Path serial = tmp.resolve("guest.log");
        Domain d = conn.defineDomain(guest.domainXml("balloon", TinyLinuxGuest.serialFileXml(serial),
                "<memballoon model='virtio'/>", ""));
        guests.track(d.uuid());
        long full = TinyLinuxGuest.MEMORY_MIB * 1024L;
        d.start();
        try {
            awaitText(serial, TinyLinuxGuest.READY_MARKER);
            assertThat(d.info().memoryKiB()).isEqualTo(full);

            d.setMemory(full / 2, MemoryModFlag.LIVE);
            awaitValue(() -> d.info().memoryKiB(), full / 2);
            assertThat(d.xml()).contains("<currentMemory unit='KiB'>" + full / 2 + "</currentMemory>");
            assertThat(d.xml(XmlFlag.INACTIVE)).contains("<currentMemory unit='KiB'>" + full + "</currentMemory>");

            d.setMemory(full, MemoryModFlag.LIVE); // and back: the guest deflates its balloon
            awaitValue(() -> d.info().memoryKiB(), full);
        } finally {
            d.destroy();
        }
        assertThat(d.info().memoryKiB()).isEqualTo(full);
    }

    private static void awaitText(Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BALLOON_TIMEOUT_S);
        while (!(Files.exists(file) && Files.readString(file, StandardCharsets.ISO_8859_1).contains(text))) {
            assertThat(System.nanoTime()).as("'%s' on the console; got:%n%s", text,
                    Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "(nothing)")
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void awaitValue(LongSupplier value, long wanted) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BALLOON_TIMEOUT_S);
        while (value.getAsLong() != wanted) {
            assertThat(System.nanoTime()).as("current memory %d KiB, waiting for %d", value.getAsLong(), wanted)
                    .isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
