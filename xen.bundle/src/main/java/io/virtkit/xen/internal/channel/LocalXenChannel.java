package io.virtkit.xen.internal.channel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs the toolstack on this machine: Virtkit runs in dom0 ({@code xen:///system}). */
public final class LocalXenChannel implements XenChannel {

    @Override
    public CommandResult run(String command, byte[] stdin, Duration timeout) throws IOException {
        Process process = new ProcessBuilder("/bin/sh", "-c", command).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(stdin);
            } catch (IOException e) {
                // the command ended without reading its input: its exit code says how it went
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new ChannelTimeoutException(command, timeout);
            }
            return new CommandResult(process.exitValue(), new String(out.get(), StandardCharsets.UTF_8),
                    new String(err.get(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while running '" + command + "'", e);
        } catch (ExecutionException e) {
            throw new IOException("could not read the output of '" + command + "'", e.getCause());
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Override
    public RunningCommand start(String command) throws IOException {
        Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true).start();
        return new RunningCommand() {
            @Override
            public InputStream stdout() {
                return process.getInputStream();
            }

            @Override
            public OutputStream stdin() {
                return process.getOutputStream();
            }

            @Override
            public boolean isAlive() {
                return process.isAlive();
            }

            @Override
            public void close() {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
            }
        };
    }

    @Override
    public String describe() {
        return "local";
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}
