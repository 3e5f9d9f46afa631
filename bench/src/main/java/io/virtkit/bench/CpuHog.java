package io.virtkit.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * One core kept busy: a shell busy loop ({@code while :; do :; done}, builtins only, so pure user time with
 * no system calls) pinned with {@code taskset} to one CPU, at normal priority. It stands for what the issue
 * saw beside the daemon, a QEMU guest under TCG spinning on a core, but it is the same from run to run
 * (a guest's load varies with what it boots) and needs no kernel image. The daemons and virsh are not
 * pinned: the scheduler places them as it would beside a busy guest.
 */
final class CpuHog implements AutoCloseable {
    private final Process process;
    private final int cpu;
    private final long startedNanos = System.nanoTime();

    private CpuHog(Process process, int cpu) {
        this.process = process;
        this.cpu = cpu;
    }

    /** Starts the loop on the last CPU (the first is where interrupts mostly land). */
    static CpuHog start() throws IOException {
        int cpu = Runtime.getRuntime().availableProcessors() - 1;
        Process p = new ProcessBuilder("taskset", "-c", Integer.toString(cpu), "/bin/sh", "-c", "while :; do :; done")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        return new CpuHog(p, cpu);
    }

    int cpu() {
        return cpu;
    }

    long pid() {
        return process.pid();
    }

    /** The share of one core the loop got since it started (1.0: all of its core). */
    double share() throws IOException {
        double wall = (System.nanoTime() - startedNanos) / 1e9;
        return ProcessCpu.seconds(process.pid()) / wall;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the CPU hog " + process.pid() + " did not exit");
        }
    }
}
