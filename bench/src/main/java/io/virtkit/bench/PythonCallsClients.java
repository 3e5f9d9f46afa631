package io.virtkit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Concurrent read calls from python3-libvirt: one Python process, one thread per client, each thread with
 * its own connection (its own socket, so the daemon sees that many clients). Each thread loops over
 * {@code lookupByName}, {@code info} and {@code state} on a running domain of its own until the time is up.
 *
 * <p>One process rather than one per client: the binding releases the GIL around every libvirt call, so
 * the threads wait on the daemon, not on each other, and no process start-up lands in the figure (on
 * libvirtd here, 5 processes of 10 threads gave calls/s within 7% of 1 process of 50 threads).
 */
final class PythonCallsClients {
    private static final String PYTHON = "/usr/bin/python3";
    static final String PREFIX = "vkcalls-";

    /** Connections are opened, domains defined and started before the clock; all of it is undone after. */
    private static final String SCRIPT = """
            import sys, threading, time, libvirt
            uri, clients, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
            libvirt.registerErrorHandler(lambda ctx, err: None, None)
            conns = [libvirt.open(uri) for _ in range(clients)]
            names = ["%1$s%%d" %% i for i in range(clients)]
            for name in names:
                conns[0].defineXML("<domain type='test'><name>%%s</name><memory unit='MiB'>128</memory>"
                                   "<os><type arch='x86_64'>hvm</type></os></domain>" %% name).create()
            ready = threading.Barrier(clients + 1)
            stop = threading.Event()
            counts = [0] * clients
            failures = []
            def client(i):
                conn, name = conns[i], names[i]
                ready.wait()
                calls = 0
                try:
                    while not stop.is_set():
                        dom = conn.lookupByName(name)
                        if dom.info()[0] != libvirt.VIR_DOMAIN_RUNNING or dom.state()[0] != libvirt.VIR_DOMAIN_RUNNING:
                            failures.append(name + " is not running")
                            break
                        calls += 3
                except libvirt.libvirtError as e:
                    failures.append(str(e))
                counts[i] = calls
            threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
            for t in threads:
                t.start()
            ready.wait()
            t0 = time.monotonic()
            time.sleep(seconds)
            stop.set()
            for t in threads:
                t.join()
            elapsed = time.monotonic() - t0
            for name in names:
                dom = conns[0].lookupByName(name)
                dom.destroy()
                dom.undefine()
            left = [d.name() for d in conns[0].listAllDomains() if d.name().startswith("%1$s")]
            for c in conns:
                c.close()
            for f in failures[:5]:
                print("failure:", f, file=sys.stderr)
            print("calls=%%d elapsed=%%.6f slowest=%%d failures=%%d left=%%d"
                  %% (sum(counts), elapsed, min(counts), len(failures), len(left)))
            """.formatted(PREFIX);
    private static final Pattern RESULT = Pattern.compile(
            "calls=(\\d+) elapsed=([0-9.]+) slowest=(\\d+) failures=(\\d+) left=(\\d+)");

    /** What one run measured; {@code slowestClient} is the fewest calls any one client made. */
    record Result(long calls, double seconds, long slowestClient) {
        double callsPerSecond() {
            return calls / seconds;
        }
    }

    private final Path dir;
    private final Path script;

    private PythonCallsClients(Path dir, Path script) {
        this.dir = dir;
        this.script = script;
    }

    static PythonCallsClients write(Path dir) throws IOException {
        return new PythonCallsClients(dir, Files.writeString(dir.resolve("calls.py"), SCRIPT));
    }

    /** Runs {@code clients} clients against {@code uri} for {@code seconds}; fails unless every client worked. */
    Result run(String target, String uri, int clients, int seconds) throws IOException, InterruptedException {
        Path out = dir.resolve("python.out");
        Path err = dir.resolve("python.err");
        ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), uri, Integer.toString(clients),
                Integer.toString(seconds)).redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> env = pb.environment();
        env.remove("LIBVIRT_DEFAULT_URI");
        env.put("HOME", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException("python clients on " + target + " did not finish");
        }
        String stdout = Files.readString(out);
        String stderr = Files.readString(err);
        Matcher m = RESULT.matcher(stdout);
        if (p.exitValue() != 0 || !m.find()) {
            throw new IllegalStateException("python clients on " + target + " failed (exit " + p.exitValue() + "): "
                    + stdout + stderr);
        }
        long calls = Long.parseLong(m.group(1));
        long slowest = Long.parseLong(m.group(3));
        List<String> problems = new ArrayList<>();
        if (!"0".equals(m.group(4))) {
            problems.add(m.group(4) + " clients failed: " + stderr.strip());
        }
        if (!"0".equals(m.group(5))) {
            problems.add(m.group(5) + " domains left behind");
        }
        if (slowest == 0) {
            problems.add("a client made no call");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("python clients on " + target + ": " + problems);
        }
        return new Result(calls, Double.parseDouble(m.group(2)), slowest);
    }
}
