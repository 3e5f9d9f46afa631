package io.virtkit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real virsh on one of the benchmark's hosts ({@code ip netns exec NS virsh …}): the client a user would run there.
 * Its HOME is a directory of the benchmark's, and no {@code LIBVIRT_DEFAULT_URI} of the caller's reaches it.
 */
final class MigrationVirsh {
    private static final Pattern ELAPSED = Pattern.compile("(?m)^Time elapsed:\\s+(\\d+)\\s+ms");
    private static final Pattern DOWNTIME = Pattern.compile("(?m)^Total downtime:\\s+(\\d+)\\s+ms");

    /** What the source's {@code domjobinfo --completed} says of the migration that just ended. */
    record CompletedJob(long elapsedMs, long downtimeMs, String text) {}

    private final Path home;

    MigrationVirsh(Path home) {
        this.home = home;
    }

    /** {@code virsh -c uri args…} on {@code host}; fails unless it exits 0. */
    String run(MigrationHosts.Host host, String uri, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", uri));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(host.inNetns(command)).redirectErrorStream(true);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        pb.environment().put("HOME", home.toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("virsh " + String.join(" ", args) + " ran for 10 minutes");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("virsh -c " + uri + " " + String.join(" ", args) + " on " + host.label()
                    + " exited with " + p.exitValue() + ": " + out.strip());
        }
        return out;
    }

    /**
     * {@code virsh migrate --live --persistent NAME DEST} on the source's host, the source reached on its own socket:
     * virsh's managed direct migration (virsh holds both connections). Returns the wall time of the virsh process in
     * seconds: connecting to both daemons and the whole begin/prepare/perform/finish/confirm exchange.
     */
    double migrate(MigrationHosts.Host source, String sourceUri, String destinationUri, String name)
            throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        run(source, sourceUri, "migrate", "--live", "--persistent", name, destinationUri);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** {@code virsh domjobinfo --completed NAME} on the source (read once: libvirt drops the stats when read). */
    CompletedJob completedJob(MigrationHosts.Host source, String sourceUri, String name)
            throws IOException, InterruptedException {
        String text = run(source, sourceUri, "domjobinfo", "--completed", name);
        return new CompletedJob(field(ELAPSED, text), field(DOWNTIME, text), text);
    }

    /** {@code virsh domstate NAME}: "running", "shut off", … */
    String state(MigrationHosts.Host host, String uri, String name) throws IOException, InterruptedException {
        return run(host, uri, "domstate", name).strip();
    }

    private static long field(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("domjobinfo --completed lacks " + pattern + ":\n" + text);
        }
        return Long.parseLong(m.group(1));
    }
}
