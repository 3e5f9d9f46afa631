package io.virtkit.netdev.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToLongFunction;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;

/**
 * The line protocol a crash test's child JVM ({@link ChildJvm}) speaks with its parent, for any driver
 * (published in this bundle's test-jar). The child's main activates its driver, which adopts or cleans up
 * whatever an earlier, killed instance left, then hands it to {@link #serve}, which answers one command a
 * line on stdin:
 * <ul>
 * <li>{@code define FILE}: defines the XML in FILE → {@code DONE}</li>
 * <li>{@code list}: one line per object in the driver's own view (see {@link Commands#list}), then
 * {@code END}</li>
 * <li>{@code destroy NAME} → {@code DONE}</li>
 * <li>{@code start NAME}: {@code STARTING} just before the call (the moment the parent's kill delays count
 * from), whatever markers the driver prints during it, {@code STARTED millis} after it</li>
 * </ul>
 * {@code READY} once activated; {@code ERROR text} for a failed command.
 */
public final class ChildDriverMain {

    private ChildDriverMain() {
    }

    /** What is specific to a driver: the calls behind each command. */
    public interface Commands {
        void define(String xml);

        /** Virtkit's own view, one line per object, for the parent to check against the host's. */
        List<String> list();

        void destroy(String name);

        /**
         * Everything a start needs before the call (a lookup, a watch printing markers on {@code out}), so
         * that only the call itself lies between {@code STARTING} and {@code STARTED}.
         */
        Start prepareStart(String name, PrintStream out);
    }

    /** The start call itself. */
    @FunctionalInterface
    public interface Start {
        void run() throws InterruptedException;
    }

    /** Answers the commands on stdin until it ends; the caller closes its driver afterwards. */
    public static void serve(Commands commands) throws IOException, InterruptedException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.split(" ", 2);
            try {
                switch (w[0]) {
                    case "define" -> {
                        commands.define(Files.readString(Path.of(w[1])));
                        out.println("DONE");
                    }
                    case "list" -> {
                        commands.list().forEach(out::println);
                        out.println("END");
                    }
                    case "destroy" -> {
                        commands.destroy(w[1]);
                        out.println("DONE");
                    }
                    case "start" -> {
                        Start start = commands.prepareStart(w[1], out);
                        out.println("STARTING");
                        long t0 = System.nanoTime();
                        start.run();
                        out.println("STARTED " + (System.nanoTime() - t0) / 1_000_000);
                    }
                    default -> out.println("ERROR unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                out.println("ERROR " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
    }

    /**
     * The commands of a domain driver (QEMU, LXC) on its connection. {@code list} prints
     * {@code DOMAIN name state reason pid} per domain (see {@link CrashRounds.ListedDomain}), the pid being
     * the one the driver records for the domain ({@code -1} when it has none). A driver that prints markers
     * during a start overrides {@link #prepareStart}.
     */
    public static class DomainCommands implements Commands {
        private final Connection conn;
        private final ToLongFunction<String> pidOf;

        public DomainCommands(Connection conn, ToLongFunction<String> pidOf) {
            this.conn = conn;
            this.pidOf = pidOf;
        }

        @Override
        public void define(String xml) {
            conn.defineDomain(xml);
        }

        @Override
        public List<String> list() {
            return conn.listAllDomains().stream().map(d -> "DOMAIN " + d.name() + " " + d.state().state() + " "
                    + d.state().reason() + " " + pidOf.applyAsLong(d.name())).toList();
        }

        @Override
        public void destroy(String name) {
            conn.lookupDomainByName(name).destroy();
        }

        @Override
        public Start prepareStart(String name, PrintStream out) {
            Domain d = conn.lookupDomainByName(name);
            return d::start;
        }
    }
}
