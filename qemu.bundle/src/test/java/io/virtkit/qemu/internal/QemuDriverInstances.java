package io.virtkit.qemu.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import io.virtkit.api.Connection;
import io.virtkit.support.net.TapProvider;

/**
 * The driver instances of one test over one set of directories (fresh for each test), as the daemon
 * restarting would make them: each opened on {@code qemu:///session}; after the test all are stopped, what
 * their guests left is killed and the directories are removed. Registered with {@code @RegisterExtension}.
 */
final class QemuDriverInstances implements BeforeEachCallback, AfterEachCallback {

    final QemuGuests guests = new QemuGuests();
    final List<QemuDriver> drivers = new ArrayList<>();
    private Path dir;
    private QemuDriverSettings settings;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        dir = Files.createTempDirectory("vk-qemu-");
        settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, dir);
    }

    QemuDriverSettings settings() {
        return settings;
    }

    /** A directory of this test's own, for images and the like. */
    Path dir() {
        return dir;
    }

    /** A new instance (with {@code taps} for TAP NICs, or none) and a connection to it. */
    Connection open(TapProvider taps) {
        QemuDriver d = new QemuDriver(settings, taps);
        drivers.add(d);
        return QemuGuests.open(d, "qemu:///session");
    }

    /** A connection to the newest instance. */
    Connection latest() {
        return QemuGuests.open(drivers.get(drivers.size() - 1), "qemu:///session");
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        for (QemuDriver d : drivers) {
            QemuGuests.stop(d);
        }
        drivers.clear();
        guests.killAll();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
