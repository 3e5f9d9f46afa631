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
 * One command run to its end under {@code /bin/sh}, timed: its wall time from this JVM, and its CPU time (user +
 * system, its children's included) from the shell's {@code times}, which costs the shell a millisecond or two. It must
 * exit 0 with nothing on stderr.
 */
final class TimedCommand {
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    /** Wall and CPU seconds of one run. */
    record Times(double wall, double cpu) {}

    private TimedCommand() {
    }

    /**
     * @param dir where the command's output, errors and times go (files of this class's)
     * @param env variables set for it (on top of this JVM's)
     */
    static Times run(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        Path out = dir.resolve("cmd.out");
        Path err = dir.resolve("cmd.err");
        Path times = dir.resolve("cmd.times");
        List<String> sh = new ArrayList<>(List.of("/bin/sh", "-c",
                "o=$1; e=$2; t=$3; shift 3; \"$@\" >\"$o\" 2>\"$e\"; rc=$?; times >\"$t\"; exit $rc", "sh",
                out.toString(), err.toString(), times.toString()));
        sh.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(sh);
        pb.environment().putAll(env);
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        long t0 = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly().waitFor();
            throw new IllegalStateException(String.join(" ", command) + " ran for 10 minutes");
        }
        double wall = (System.nanoTime() - t0) / 1e9;
        String errors = Files.readString(err).strip();
        if (p.exitValue() != 0 || !errors.isEmpty()) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + p.exitValue() + ": "
                    + errors + " " + Files.readString(out).strip());
        }
        return new Times(wall, childrenCpu(times));
    }

    /** The children's CPU seconds (user + system) in what the shell's {@code times} wrote to {@code file}. */
    static double childrenCpu(Path file) throws IOException {
        // times: the shell's own user and system time, then its children's
        List<String> lines = Files.readAllLines(file);
        Matcher m = TIMES.matcher(lines.size() > 1 ? lines.get(1) : "");
        if (!m.find()) {
            throw new IllegalStateException("cannot read the CPU time from " + lines);
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }
}
