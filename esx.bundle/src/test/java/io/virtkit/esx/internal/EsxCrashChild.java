package io.virtkit.esx.internal;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.ClientIdentity;
import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;

/**
 * The process {@link EsxCrashSimulatorTest} kills: Virtkit's ESX driver on a simulator, doing one change and
 * saying on standard output what it is doing, so the test can kill it (SIGKILL) in the middle. Arguments: port,
 * certificate, user, password, call timeout in seconds, then {@code define NAME}, {@code start NAME} or
 * {@code watch} (an events watch that reports each event as {@code EVENT name DETAIL}). It exits when its
 * standard input (a pipe the test holds) closes.
 */
final class EsxCrashChild {

    private EsxCrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Thread parentWatch = new Thread(() -> { // a test JVM killed without its hooks leaves no child behind
            try {
                System.in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (java.io.IOException e) {
                // the pipe broke: the parent is gone as well
            }
            Runtime.getRuntime().halt(3);
        }, "parent-watch");
        parentWatch.setDaemon(true);
        parentWatch.start();
        int port = Integer.parseInt(args[0]);
        Path cert = Path.of(args[1]);
        String user = args[2];
        String password = args[3];
        Duration callTimeout = Duration.ofSeconds(Long.parseLong(args[4]));
        String action = args[5];
        EsxSettings settings = EsxSettings.DEFAULTS.withCaFiles(List.of(cert)).withCallTimeout(callTimeout)
                .withTaskTimeout(Duration.ofMinutes(10)); // never gives up on its own: it is killed first
        AuthCallback auth = credentials -> credentials.forEach(c -> c.answer(password));
        ConnectionEvents events = "watch".equals(action) ? new Printing() : ConnectionEvents.NONE;
        HypervisorConnection conn = new EsxDriver(settings, Map.of("HOME", "/nonexistent"))
                .open(new OpenRequest(URI.create("esx://" + user + "@127.0.0.1:" + port + "/"), false, auth,
                        ClientIdentity.UNKNOWN), events).orElseThrow();
        switch (action) {
            case "define" -> {
                say("DEFINING");
                conn.defineDomain(EsxDomainEventsSimulatorTest.vmXml(args[6]), 0);
                say("DEFINED");
            }
            case "start" -> {
                DomainRef vm = conn.lookupDomainByName(args[6]);
                say("STARTING");
                conn.startDomain(vm, 0);
                say("STARTED");
            }
            case "watch" -> {
                say("WATCHING");
                Thread.sleep(Long.MAX_VALUE); // the watch's thread long-polls until the process is killed
            }
            default -> throw new IllegalArgumentException(action);
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Prints each domain event. */
    private static final class Printing implements ConnectionEvents {
        @Override
        public boolean domainEventsWanted() {
            return true;
        }

        @Override
        public void report(DomainRef domain, DomainEventDetail detail) {
            say("EVENT " + domain.name() + " " + detail);
        }

        @Override
        public boolean networkEventsWanted() {
            return false;
        }

        @Override
        public void report(NetworkRef network, NetworkEventType type) {
            // not listened to
        }
    }
}
