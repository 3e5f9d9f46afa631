package io.virtkit.qemu.internal;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

import io.virtkit.api.Connection;
import io.virtkit.support.net.TapProvider;
import io.virtkit.netdev.internal.ChildDriverMain;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The QEMU driver alone in a JVM of its own, as the daemon is, for {@link QemuDriverCrashTest} to SIGKILL
 * at any moment. Activates the driver on the directories under {@code args[0]}, with a TAP provider
 * working in the network namespace {@code args[1]}, then speaks {@link ChildDriverMain}'s protocol; the pid
 * {@code list} prints is QEMU's, and a start prints {@code LAUNCHED} once QEMU's pid is recorded.
 */
public final class QemuDriverChild {

    private QemuDriverChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        TapProvider taps = HostNetnsFixture.tapsInExistingNamespace(args[1], base.resolve("netdev-state"),
                base.resolve("netdev-run"));
        QemuDriverSettings settings = QemuDriverSettings.forTests(QemuGuests.EMULATOR, base.resolve("qemu"));
        QemuDriver driver = new QemuDriver(settings, taps);
        Connection conn = QemuGuests.open(driver, "qemu:///system");
        QemuState state = driver.state(settings.system());
        ChildDriverMain.serve(new ChildDriverMain.DomainCommands(conn, name -> state.pid(state.lookupByName(name))) {
            @Override
            public ChildDriverMain.Start prepareStart(String name, PrintStream out) {
                ChildDriverMain.Start start = super.prepareStart(name, out);
                LaunchWatch watch = new LaunchWatch(state.statusFile(name), out);
                return () -> {
                    try {
                        start.run();
                    } finally {
                        watch.stop();
                    }
                };
            }
        });
        QemuGuests.stop(driver);
    }

    /**
     * Prints {@code LAUNCHED} once the start has recorded QEMU's pid in the status file (right after the
     * launch), so the test can aim its kills at the launched-but-not-started phase too. Watches the file
     * every millisecond on a thread of its own; stopping prints it if the start got that far meanwhile.
     */
    private static final class LaunchWatch {
        private static final java.util.regex.Pattern PID = java.util.regex.Pattern.compile(" pid='([1-9][0-9]*)'");
        private final Path status;
        private final PrintStream out;
        private final Thread thread;
        private volatile boolean stopped;
        private boolean printed; // guarded by this

        LaunchWatch(Path status, PrintStream out) {
            this.status = status;
            this.out = out;
            thread = new Thread(() -> {
                while (!stopped && !check()) {
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "launch-watch");
            thread.setDaemon(true);
            thread.start();
        }

        private synchronized boolean check() {
            if (!printed) {
                try {
                    if (PID.matcher(Files.readString(status)).find()) {
                        out.println("LAUNCHED");
                        printed = true;
                    }
                } catch (java.io.IOException e) {
                    // not written yet
                }
            }
            return printed;
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join();
            check();
        }
    }
}
