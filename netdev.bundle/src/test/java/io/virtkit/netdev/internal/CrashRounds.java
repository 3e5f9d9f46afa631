package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import io.virtkit.api.DomainStateReason;

/**
 * The parent side of a crash test (published in this bundle's test-jar): a driver's child JVM (speaking
 * {@link ChildDriverMain}'s protocol) is SIGKILLed at a scheduled moment of a start, restarted on the same
 * directories, and the invariant is checked after each restart, as a daemon killed by {@code kill -9} and
 * started again would be. Owns a test network namespace (the host's stand-in for bridges, TAPs and veths)
 * and every child it started; {@link #close} kills them and deletes the namespace.
 */
public final class CrashRounds {

    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path log;
    private final String childMain;
    private final List<String> childArgs;
    private final String ns;
    private final List<ChildJvm> children = new ArrayList<>();

    /**
     * A namespace named {@code nsPrefix} and a random suffix; children run {@code childMain} with the
     * arguments {@code dir}, the namespace, then {@code moreArgs}, their stderr in {@code dir/children.log}.
     */
    public CrashRounds(Path dir, String nsPrefix, Class<?> childMain, String... moreArgs) {
        this.log = dir.resolve("children.log");
        this.childMain = childMain.getName();
        this.ns = nsPrefix + UUID.randomUUID().toString().substring(0, 8);
        List<String> args = new ArrayList<>(List.of(dir.toString(), ns));
        args.addAll(List.of(moreArgs));
        this.childArgs = List.copyOf(args);
        HostNetnsFixture.ip("netns", "add", ns);
    }

    public String namespace() {
        return ns;
    }

    /** A bridge, up, in the namespace, for the guests' or containers' interfaces. */
    public void addBridge(String bridge) {
        HostNetnsFixture.ip("-n", ns, "link", "add", bridge, "type", "bridge");
        HostNetnsFixture.ip("-n", ns, "link", "set", bridge, "up");
    }

    /** A new child JVM, once its driver is activated. */
    public ChildJvm child() throws Exception {
        ChildJvm c = new ChildJvm(log, childMain, childArgs.toArray(String[]::new));
        children.add(c);
        c.await("READY", TIMEOUT);
        return c;
    }

    /** Sends a command answered by {@code DONE} ({@code define FILE}, {@code destroy NAME}) and waits for it. */
    public static void command(ChildJvm c, String line) throws InterruptedException {
        c.send(line);
        c.await("DONE", TIMEOUT);
    }

    /**
     * Starts {@code name} uninterrupted and times its phases: the µs from {@code STARTING} to the first
     * marker, from there to the second, and so on.
     */
    public static long[] timeStart(ChildJvm c, String name, String... markers) throws InterruptedException {
        c.send("start " + name);
        c.await("STARTING", TIMEOUT);
        long[] micros = new long[markers.length];
        long t = System.nanoTime();
        for (int i = 0; i < markers.length; i++) {
            c.await(markers[i], TIMEOUT);
            long now = System.nanoTime();
            micros[i] = (now - t) / 1000;
            t = now;
        }
        return micros;
    }

    /** The one line {@code list} prints (a crash test works on one object), asserted to be the only one. */
    public static String listedOnly(ChildJvm c) throws InterruptedException {
        c.send("list");
        List<String> lines = c.linesUntil("END", TIMEOUT);
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    /**
     * The one domain listed after a restart, as a crash may leave it: running as booted (never paused
     * because of the crash) with a pid, or shut off without one.
     */
    public static ListedDomain listedDomain(ChildJvm c) throws InterruptedException {
        ListedDomain d = ListedDomain.parse(listedOnly(c));
        assertThat(d.state()).as("state after a restart (%s)", d.line()).isIn("RUNNING", "SHUTOFF");
        if (d.running()) {
            assertThat(d.reason()).as(d.line()).isEqualTo(DomainStateReason.RUNNING_BOOTED.name());
        } else {
            assertThat(d.pid()).as(d.line()).isEqualTo(-1);
        }
        return d;
    }

    /** A {@code DOMAIN name state reason pid} line of {@link ChildDriverMain.DomainCommands}. */
    public record ListedDomain(String line, String state, String reason, long pid) {
        public static ListedDomain parse(String line) {
            String[] f = line.split(" ");
            return new ListedDomain(line, f[2], f[3], Long.parseLong(f[4]));
        }

        public boolean running() {
            return state.equals("RUNNING");
        }

        /** The reason alone (it names the state too): what a round's outcome shows. */
        @Override
        public String toString() {
            return reason;
        }
    }

    /** Where a round's kill falls: {@code delayMicros} after the child printed the line starting {@code after}. */
    public record Kill(String after, long delayMicros) {
        /**
         * Round {@code round} of {@code rounds} evenly from 0 to {@code spanMicros} after {@code after}, the
         * first round right at it and the last at the end of the span.
         */
        public static Kill spread(String after, long spanMicros, int round, int rounds) {
            return new Kill(after, spanMicros * round / (rounds - 1));
        }
    }

    /**
     * What a driver's crash test checks; {@code S} is what Virtkit lists after a restart. The invariant: what
     * is listed started has all of its parts on the host, what is not has none.
     */
    public interface Subject<S> {
        /** Virtkit's own view after a restart. */
        S listed(ChildJvm c) throws Exception;

        /** Whether what was listed is started (then destroyed before the next round's start). */
        boolean isStarted(S listed);

        /** The host holds every part of what was listed started. */
        void checkStarted(S listed) throws Exception;

        /** Nothing of the object is left on the host (after a restart that lists it stopped, or a destroy). */
        void checkGone() throws Exception;

        /** What exists of the object on the host right after a kill, for the outcomes. */
        List<String> leftAtKill() throws Exception;
    }

    /** A domain driver's subject: the one domain as {@link #listedDomain} reads it, started when running. */
    public interface DomainSubject extends Subject<ListedDomain> {
        @Override
        default ListedDomain listed(ChildJvm c) throws InterruptedException {
            return listedDomain(c);
        }

        @Override
        default boolean isStarted(ListedDomain listed) {
            return listed.running();
        }
    }

    /** Virtkit's view against the host's after a restart; what was listed. */
    public static <S> S checkAfterRestart(ChildJvm c, Subject<S> subject) throws Exception {
        S listed = subject.listed(c);
        if (subject.isStarted(listed)) {
            subject.checkStarted(listed);
        } else {
            subject.checkGone();
        }
        return listed;
    }

    /** One round: where the kill fell, what existed right after it, what the restart then found. */
    public record Outcome<S>(Kill kill, List<String> leftAtKill, S after) {
        @Override
        public String toString() {
            return (kill.after().equals("STARTING") ? "" : kill.after() + "+") + kill.delayMicros() + " "
                    + (leftAtKill.isEmpty() ? "nothing" : leftAtKill) + " " + after;
        }
    }

    /**
     * The rounds of a start with one phase: {@code xml} defined, one uninterrupted start timed (and killed
     * after it ends: the first restart must adopt what it started), then the kills spread from
     * {@code STARTING} up to one and a half times that start's length (slack for a slower start on a busy
     * machine). Prints the start's length and the outcomes.
     */
    public <S> List<Outcome<S>> runOverOneStart(int rounds, String name, Path xml, Subject<S> subject)
            throws Exception {
        ChildJvm c = child();
        command(c, "define " + xml);
        long startMicros = timeStart(c, name, "STARTED")[0];
        c.kill();
        List<Outcome<S>> outcomes = run(rounds, name, subject,
                round -> Kill.spread("STARTING", startMicros * 3 / 2, round, rounds));
        System.out.println(subject.getClass().getSimpleName() + ": start took " + startMicros / 1000 + " ms; per "
                + "round (kill delay µs, what existed right after the kill, after restart): " + outcomes);
        return outcomes;
    }

    /**
     * Rounds {@code 0..rounds-1}: a new child (whose check after the restart sees what the kill of the
     * previous one left, or the uninterrupted start before the first), {@code name} destroyed if started,
     * started again and killed where {@code schedule} says. A last child checks the last kill and ends. The
     * first child must find what was left before round 0 (an uninterrupted start killed after it ends).
     */
    public <S> List<Outcome<S>> run(int rounds, String name, Subject<S> subject, IntFunction<Kill> schedule)
            throws Exception {
        List<Outcome<S>> outcomes = new ArrayList<>();
        Kill lastKill = null;
        List<String> lastLeft = null;
        for (int round = 0;; round++) {
            ChildJvm c = child();
            S seen = checkAfterRestart(c, subject);
            if (lastKill != null) {
                outcomes.add(new Outcome<>(lastKill, lastLeft, seen));
            }
            if (subject.isStarted(seen)) {
                command(c, "destroy " + name);
                subject.checkGone();
            }
            if (round == rounds) {
                c.close();
                return outcomes;
            }
            Kill kill = schedule.apply(round);
            c.send("start " + name);
            c.await(kill.after(), TIMEOUT);
            TimeUnit.MICROSECONDS.sleep(kill.delayMicros());
            c.kill();
            lastKill = kill;
            lastLeft = subject.leftAtKill();
        }
    }

    /** Live (not zombie) processes whose command line (arguments joined by NULs) {@code cmdline} accepts. */
    public static List<ProcessHandle> liveProcesses(Predicate<String> cmdline) {
        return ProcessHandle.allProcesses().filter(p -> cmdline.test(cmdline(p.pid()))).filter(p -> {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
            } catch (java.io.IOException e) {
                return false; // gone meanwhile
            }
        }).toList();
    }

    /** A process's command line, arguments joined by NULs; empty once it is gone. */
    public static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** The namespace's links other than {@code lo} and {@code bridge}: the TAPs or veths' host ends. */
    public List<String> linksBesides(String bridge) {
        return HostNetnsFixture.ip("-n", ns, "-o", "link", "show").lines()
                .map(l -> l.split(":")[1].trim().split("@")[0]).filter(n -> !n.equals("lo") && !n.equals(bridge))
                .toList();
    }

    /** The one link {@code what} (a TAP, a veth's host end) besides the bridge, enslaved to it. */
    public void assertOneLinkOn(String bridge, String what) {
        assertThat(linksBesides(bridge)).as(what).singleElement()
                .satisfies(l -> assertThat(link(l)).contains("master " + bridge));
    }

    /**
     * No link besides the bridge, within 5 s: the kernel removes a TAP once its last descriptor is closed,
     * a veth pair with its container's network namespace, which may lag the exit a little.
     */
    public void assertLinksGone(String bridge, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!linksBesides(bridge).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(linksBesides(bridge)).as(what).isEmpty();
    }

    /** {@code ip -o link show} of one link in the namespace (its {@code master} names its bridge). */
    public String link(String name) {
        return HostNetnsFixture.ip("-n", ns, "-o", "link", "show", name);
    }

    /** Kills every child, runs the test's own clean-up (its processes, cgroups), then deletes the namespace. */
    public void close(CleanUp testsOwn) throws Exception {
        for (ChildJvm c : children) {
            c.kill();
        }
        try {
            testsOwn.run();
        } finally {
            HostNetnsFixture.ip("netns", "del", ns);
        }
    }

    @FunctionalInterface
    public interface CleanUp {
        void run() throws Exception;
    }
}
