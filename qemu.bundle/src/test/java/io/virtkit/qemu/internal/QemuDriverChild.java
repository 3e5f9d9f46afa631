package io.virtkit.qemu.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.spi.TapProvider;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The QEMU driver alone in a JVM of its own, as the daemon is, for {@link QemuDriverCrashTest} to SIGKILL
 * at any moment. Activates the driver on the directories under {@code args[0]} (which reconnects whatever
 * an earlier, killed instance left), with a TAP provider working in the network namespace {@code args[1]},
 * then answers one command a line on stdin:
 * <ul>
 * <li>{@code define FILE}: defines the domain XML in FILE → {@code DONE}</li>
 * <li>{@code list}: {@code DOMAIN name state reason pid} per domain (Virtkit's own view), then {@code END}</li>
 * <li>{@code destroy NAME} → {@code DONE}</li>
 * <li>{@code start NAME}: prints {@code STARTING} just before the call, {@code LAUNCHED} once QEMU's pid
 * is recorded, {@code STARTED millis} after the call</li>
 * </ul>
 * {@code READY} once activated; {@code ERROR text} for a failed command.
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
        Connection conn = driver.open(URI.create("qemu:///system")).orElseThrow();
        QemuState state = driver.state(settings.system());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.split(" ", 2);
            try {
                switch (w[0]) {
                    case "define" -> {
                        conn.defineDomain(Files.readString(Path.of(w[1])));
                        out.println("DONE");
                    }
                    case "list" -> {
                        for (Domain d : conn.listAllDomains()) {
                            out.println("DOMAIN " + d.name() + " " + d.state().state() + " " + d.state().reason()
                                    + " " + state.pid(state.lookupByName(d.name())));
                        }
                        out.println("END");
                    }
                    case "destroy" -> {
                        conn.lookupDomainByName(w[1]).destroy();
                        out.println("DONE");
                    }
                    case "start" -> {
                        Domain d = conn.lookupDomainByName(w[1]);
                        LaunchWatch watch = new LaunchWatch(state.statusFile(w[1]), out);
                        out.println("STARTING");
                        long t0 = System.nanoTime();
                        try {
                            d.start();
                        } finally {
                            watch.stop();
                        }
                        out.println("STARTED " + (System.nanoTime() - t0) / 1_000_000);
                    }
                    default -> out.println("ERROR unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                out.println("ERROR " + e.getMessage().replace('\n', ' '));
            }
        }
        driver.close();
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
