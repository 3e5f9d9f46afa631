package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One virsh session that defines N domains from small XML files, starts, destroys and undefines them, then
 * lists what is left. virsh reads the commands from its standard input (the way that works for any N; a
 * {@code ;}-joined single argument is capped by the kernel at 128 KiB), the same way for every target.
 *
 * <p>The script ends with {@code list --all --name} inside the same session on purpose: libvirt's
 * {@code test:///default} state lives only as long as a connection holds it, so a second session could
 * not see domains the first one leaked.
 */
final class VirshLifecycleScript {
    static final String PREFIX = "vkbench-";
    private static final String LIST = "list --all --name";

    private final Path dir;
    private final Path script;
    private final int domains;

    /** The outcome of one run: its wall time, what virsh printed, and its CPU time (user + system, s; -1: not counted). */
    record Run(long nanos, int exit, String out, String err, double cpu) {
        Run(long nanos, int exit, String out, String err) {
            this(nanos, exit, out, err, -1);
        }
    }

    private VirshLifecycleScript(Path dir, Path script, int domains) {
        this.dir = dir;
        this.script = script;
        this.domains = domains;
    }

    /** Writes the domain XML files and the script into {@code dir} (which must exist). */
    static VirshLifecycleScript write(Path dir, int domains) throws IOException {
        StringBuilder define = new StringBuilder();
        StringBuilder start = new StringBuilder();
        StringBuilder destroy = new StringBuilder();
        StringBuilder undefine = new StringBuilder();
        for (int i = 1; i <= domains; i++) {
            String name = PREFIX + i;
            Path xml = dir.resolve(name + ".xml");
            Files.writeString(xml, """
                    <domain type='test'>
                      <name>%s</name>
                      <memory unit='MiB'>128</memory>
                      <vcpu>1</vcpu>
                      <os><type arch='x86_64'>hvm</type></os>
                    </domain>
                    """.formatted(name));
            define.append("define ").append(xml).append('\n');
            start.append("start ").append(name).append('\n');
            destroy.append("destroy ").append(name).append('\n');
            undefine.append("undefine ").append(name).append('\n');
        }
        Path script = dir.resolve("lifecycle.virsh");
        Files.writeString(script, define.append(start).append(destroy).append(undefine).append(LIST).append('\n'));
        return new VirshLifecycleScript(dir, script, domains);
    }

    Path script() {
        return script;
    }

    /** Runs the script in one virsh session on {@code uri}; the clock covers virsh's whole life. */
    Run run(String uri) throws IOException, InterruptedException {
        Path out = dir.resolve("virsh.out");
        Path err = dir.resolve("virsh.err");
        ProcessBuilder pb = new ProcessBuilder("virsh", "-c", uri).redirectInput(script.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("LIBVIRT_DEFAULT_URI");
        env.put("HOME", dir.toString()); // virsh's history and config stay in the benchmark's dir
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("virsh on " + uri + " did not finish within 10 minutes");
        }
        long nanos = System.nanoTime() - t0;
        return new Run(nanos, p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * As {@link #run(String)}, through {@code /bin/sh}, whose {@code times} then gives virsh's own CPU time: what
     * the client spends, in its RPC code and system calls, is part of every remote run's wall time. The shell
     * adds a millisecond or two to the wall time, the same for every target.
     */
    Run runCountingCpu(String uri) throws IOException, InterruptedException {
        Path out = dir.resolve("virsh.out");
        Path err = dir.resolve("virsh.err");
        Path times = dir.resolve("virsh.times");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "virsh -c \"$1\" <\"$2\" >\"$3\" 2>\"$4\"; rc=$?; times >\"$5\"; exit $rc", "sh", uri,
                script.toString(), out.toString(), err.toString(), times.toString());
        Map<String, String> env = pb.environment();
        env.remove("LIBVIRT_DEFAULT_URI");
        env.put("HOME", dir.toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("virsh on " + uri + " did not finish within 10 minutes");
        }
        long nanos = System.nanoTime() - t0;
        double cpu = TimedCommand.childrenCpu(times); // virsh's
        return new Run(nanos, p.exitValue(), Files.readString(out), Files.readString(err), cpu);
    }

    /**
     * Fails unless the run did all the work: exit status 0 (virsh returns 0 even when a command of a
     * script fails, hence the rest), nothing on stderr, one confirmation per domain and verb, and no bench
     * domain in the final listing.
     */
    void verify(String target, Run run) {
        List<String> problems = new ArrayList<>();
        if (run.exit() != 0) {
            problems.add("virsh exited with " + run.exit());
        }
        if (!run.err().isBlank()) {
            problems.add("stderr: " + firstLines(run.err(), 5));
        }
        int defined = 0;
        int started = 0;
        int destroyed = 0;
        int undefined = 0;
        int leftAfterList = 0;
        boolean listed = false;
        for (String line : run.out().split("\n")) {
            if (line.startsWith("Domain '" + PREFIX)) {
                if (line.contains("' defined from ")) {
                    defined++;
                } else if (line.endsWith("' started")) {
                    started++;
                } else if (line.endsWith("' destroyed")) {
                    destroyed++;
                } else if (line.endsWith("' has been undefined")) {
                    undefined++;
                }
            } else if (line.endsWith(LIST)) {
                listed = true; // virsh echoes each command read from a non-terminal after its prompt
            } else if (listed && line.strip().startsWith(PREFIX)) {
                leftAfterList++;
            }
        }
        check(problems, "defined", defined);
        check(problems, "started", started);
        check(problems, "destroyed", destroyed);
        check(problems, "undefined", undefined);
        if (!listed) {
            problems.add("the final '" + LIST + "' did not run");
        }
        if (leftAfterList > 0) {
            problems.add(leftAfterList + " bench domains left after undefine");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("virsh on " + target + " did not do the work: " + problems);
        }
    }

    private void check(List<String> problems, String verb, int count) {
        if (count != domains) {
            problems.add(verb + " " + count + " of " + domains);
        }
    }

    private static String firstLines(String text, int lines) {
        return String.join(" | ", text.lines().limit(lines).toList());
    }
}
