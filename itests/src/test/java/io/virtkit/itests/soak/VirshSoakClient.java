package io.virtkit.itests.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One virsh client of the soak: an interactive {@code virsh} session (one process, one connection for the whole soak)
 * fed one command at a time on its standard input, as an operator types them. Each command is followed by an
 * {@code echo} whose output marks its end (virsh's output and errors share one pipe, in the order virsh wrote them), so
 * every command's own answer is known: a line {@code error: …} is a failed call, recorded with its message. A cycle
 * defines, starts, dumps, destroys and undefines a domain (on the test driver also a network); after a failure the
 * rest of the cycle is skipped and the objects are removed without counting, so one failure does not cascade.
 */
final class VirshSoakClient implements Runnable {

    private static final String MARK = "soak-end-";

    private final String name;
    private final SoakDriver driver;
    private final String uri;
    private final Path dir;
    private volatile long deadlineNanos;
    private final Duration commandBound;
    private final ScheduledExecutorService watchdog;
    private final SoakLedger ledger;
    private Process virsh;
    private OutputStream commands;
    private InputStream answers;
    private final StringBuilder pending = new StringBuilder();
    private long sequence;

    VirshSoakClient(String name, SoakDriver driver, Path socket, Path dir, Duration commandBound,
            ScheduledExecutorService watchdog, SoakLedger ledger) {
        this.name = name;
        this.driver = driver;
        this.uri = driver.uri(socket);
        this.dir = dir;
        this.commandBound = commandBound;
        this.watchdog = watchdog;
        this.ledger = ledger;
    }

    /** Starts the session and waits for its first answer (the connection is open). */
    void open() throws IOException {
        Files.writeString(domainXml(), driver.domainXml(name));
        Files.writeString(networkXml(), SoakDriver.networkXml(name + "-n"));
        ProcessBuilder pb = new ProcessBuilder("virsh", "-q", "-c", uri).redirectErrorStream(true);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().put("HOME", dir.toString()); // virsh's history and config: the soak's, not the user's
        virsh = pb.start();
        commands = virsh.getOutputStream();
        answers = virsh.getInputStream();
        Answer first = send("uri");
        if (!first.errors().isEmpty() || !first.text().contains(driver.kind())) {
            throw new IllegalStateException(name + ": virsh -c " + uri + " did not connect: " + first.text());
        }
    }

    /** This client, to run cycles until {@code endNanos} ({@link System#nanoTime()}) and then end its session. */
    VirshSoakClient until(long endNanos) {
        this.deadlineNanos = endNanos;
        return this;
    }

    String name() {
        return name;
    }

    @Override
    public void run() {
        try {
            while (System.nanoTime() < deadlineNanos) {
                if (cycle(List.of("define " + domainXml(), "start " + name, "dumpxml " + name, "destroy " + name,
                        "undefine " + name), List.of("destroy " + name, "undefine " + name))
                        && driver.hasNetworks()) {
                    String net = name + "-n";
                    cycle(List.of("net-define " + networkXml(), "net-start " + net, "net-dumpxml " + net,
                            "net-destroy " + net, "net-undefine " + net), List.of("net-destroy " + net,
                            "net-undefine " + net));
                }
                ledger.cycled(driver, 1);
            }
        } catch (IOException | RuntimeException e) {
            ledger.failed(name, "session", "virsh session broke: " + e.getMessage());
        } finally {
            close();
        }
    }

    /** The commands in order until one fails; then {@code cleanUp}, uncounted. Whether all succeeded. */
    private boolean cycle(List<String> steps, List<String> cleanUp) throws IOException {
        for (String step : steps) {
            ledger.called(1);
            Answer answer = send(step);
            if (!answer.errors().isEmpty()) {
                ledger.failed(name, step.split(" ")[0], String.join(" | ", answer.errors()));
                for (String undo : cleanUp) {
                    send(undo);
                }
                return false;
            }
        }
        return true;
    }

    /** What virsh answered to one command: all its output, and its {@code error:} lines. */
    private record Answer(String text, List<String> errors) {
    }

    private Answer send(String command) throws IOException {
        long n = ++sequence;
        // the quotes split the marker in the echoed command line, so only echo's own output holds it whole
        commands.write((command + "\necho '" + MARK + "''" + n + "'\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        String marker = MARK + n;
        ScheduledFuture<?> stuck = watchdog.schedule(() -> virsh.destroyForcibly(), commandBound.toMillis(),
                TimeUnit.MILLISECONDS);
        try {
            byte[] chunk = new byte[8192];
            int at;
            while ((at = pending.indexOf(marker)) < 0) {
                int read = answers.read(chunk);
                if (read < 0) {
                    throw new IOException("'" + command + "' got no answer within " + commandBound.toSeconds()
                            + " s (or virsh ended); it said: " + pending);
                }
                pending.append(new String(chunk, 0, read, StandardCharsets.ISO_8859_1));
            }
            String text = pending.substring(0, at);
            pending.delete(0, at + marker.length());
            List<String> errors = text.lines().filter(l -> l.startsWith("error: ")).collect(Collectors.toCollection(ArrayList::new));
            return new Answer(text, errors);
        } finally {
            stuck.cancel(false);
        }
    }

    /** Ends the session now (it outlived the soak's bound). */
    void kill() {
        if (virsh != null) {
            virsh.destroyForcibly();
        }
    }

    private void close() {
        if (virsh == null) {
            return;
        }
        try {
            commands.close(); // end of input: virsh quits
            if (!virsh.waitFor(30, TimeUnit.SECONDS)) {
                virsh.destroyForcibly().waitFor();
            }
        } catch (IOException e) {
            virsh.destroyForcibly();
        } catch (InterruptedException e) {
            virsh.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private Path domainXml() {
        return dir.resolve(name + ".xml");
    }

    private Path networkXml() {
        return dir.resolve(name + "-net.xml");
    }
}
