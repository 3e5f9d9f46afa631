package io.virtkit.netdev.internal;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace for one test: created with {@code ip netns add}, entered by one dedicated
 * thread (setns affects only the calling thread), and deleted on {@link #close()} whatever happened,
 * so no test ever creates a device in the host namespace or leaves one behind.
 */
final class TestNetns implements AutoCloseable {
    private final String name;
    private final ExecutorService thread;

    private TestNetns(String name) {
        this.name = name;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "netns-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    static TestNetns create() {
        String name = "vktest-" + UUID.randomUUID().toString().substring(0, 8);
        ip("netns", "add", name);
        TestNetns ns = new TestNetns(name);
        try {
            ns.run(HostNetnsFixture.enter(name)::run);
        } catch (RuntimeException | Error e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    String name() {
        return name;
    }

    /** Runs {@code task} on the thread inside the namespace; its exceptions surface unchanged. */
    <T> T call(Callable<T> task) {
        Future<T> f = thread.submit(task);
        try {
            return f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException r) {
                throw r;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new AssertionError(c);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    void run(ThrowingRunnable task) {
        call(() -> {
            task.run();
            return null;
        });
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** {@code ip -n NAME args…} from outside the namespace: the test's view of what the kernel holds. */
    String ipIn(String... args) {
        String[] full = new String[args.length + 2];
        full[0] = "-n";
        full[1] = name;
        System.arraycopy(args, 0, full, 2, args.length);
        return ip(full);
    }

    static String ip(String... args) {
        return HostNetnsFixture.ip(args);
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // deleting the namespace destroys every device still in it
        ip("netns", "del", name);
    }

}
