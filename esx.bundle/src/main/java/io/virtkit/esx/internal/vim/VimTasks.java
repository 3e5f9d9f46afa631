package io.virtkit.esx.internal.vim;

import java.time.Duration;
import java.util.Optional;

/**
 * Waits for vSphere tasks ({@code PowerOnVM_Task}, ...) to finish: their {@code info} is read until its state
 * is {@code success} or {@code error}, polling quickly at first (most tasks on a host finish in milliseconds)
 * and backing off to a fifth of a second. A task that does not finish in time fails with
 * {@link VimTaskException#timedOut()}; the task itself is asked to cancel.
 */
public final class VimTasks {

    private final VimSession session;
    private final PropertyCollector properties;

    public VimTasks(VimSession session, PropertyCollector properties) {
        this.session = session;
        this.properties = properties;
    }

    /** Calls a {@code *_Task} method and waits for its task; the task's result, if it has one. */
    public Optional<VimNode> run(Duration timeout, String method, MoRef self, VimNode... arguments) {
        try {
            VimNode answer = session.call(method, self, arguments);
            MoRef task = answer.child("returnval").map(VimNode::asMoRef)
                    .orElseThrow(() -> new VimProtocolException(method + " answered without a task"));
            return await(method, task, timeout);
        } finally {
            session.noteChange(); // the task changed things until it ended
        }
    }

    /** Waits for {@code task}; its result on success. */
    public Optional<VimNode> await(String method, MoRef task, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long sleepMillis = 2;
        while (true) {
            ObjectContent info = properties.retrieveOne(task, "info.state", "info.error", "info.result");
            String state = info.text("info.state");
            if ("success".equals(state)) {
                return info.get("info.result");
            }
            if ("error".equals(state)) {
                VimNode error = info.get("info.error").orElse(null);
                String message = error == null ? null : error.textAt("localizedMessage");
                String fault = error == null ? null : error.at("fault").flatMap(VimNode::xsiType).orElse(null);
                throw new VimTaskException(method, message == null || message.isEmpty() ? fault : message,
                        fault, false);
            }
            if (System.nanoTime() >= deadline) {
                try {
                    session.call("CancelTask", task);
                } catch (RuntimeException e) {
                    // the task may have finished or not be cancelable: the timeout is reported either way
                }
                throw new VimTaskException(method, "the task did not finish within " + timeout.toSeconds() + " s",
                        null, true);
            }
            try {
                Thread.sleep(sleepMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VimTransportException("interrupted while waiting for " + method, e);
            }
            sleepMillis = Math.min(200, sleepMillis * 2);
        }
    }
}
