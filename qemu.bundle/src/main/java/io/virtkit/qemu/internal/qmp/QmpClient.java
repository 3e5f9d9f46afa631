package io.virtkit.qemu.internal.qmp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * CONTRACT STUB (being implemented by the QMP engineer; keep these signatures).
 * A QMP client over a UNIX-domain socket: greeting + qmp_capabilities on connect, commands with
 * timeouts (replies matched by "id"), events pushed to a sink on a reader thread of its own.
 */
public final class QmpClient implements AutoCloseable {

    private QmpClient() {
    }

    /**
     * Connects to a QEMU monitor socket, retrying until {@code connectTimeout} while QEMU creates it,
     * reads the greeting and negotiates capabilities. {@code events} gets every event in order;
     * {@code onDisconnect} runs once when the socket closes (QEMU exited or {@link #close()}).
     *
     * @throws io.virtkit.api.VirtException OPERATION_FAILED/OPERATION_TIMEOUT when it cannot connect
     */
    public static QmpClient connect(Path socket, Duration connectTimeout, Consumer<QmpEvent> events,
            Runnable onDisconnect) {
        throw new UnsupportedOperationException("stub");
    }

    /**
     * Runs {@code command} with {@code arguments} (null or empty for none) and returns the "return" value.
     *
     * @throws io.virtkit.api.VirtException OPERATION_FAILED with QEMU's "desc" for a QMP error,
     *         OPERATION_TIMEOUT when no reply came in time, OPERATION_FAILED when the monitor closed
     */
    public JsonNode execute(String command, Map<String, ?> arguments, Duration timeout) {
        throw new UnsupportedOperationException("stub");
    }

    /** Sends a raw JSON command (virsh qemu-monitor-command) and returns the whole reply as JSON text. */
    public String executeRaw(String json, Duration timeout) {
        throw new UnsupportedOperationException("stub");
    }

    /** QEMU's version from the greeting, e.g. 7002022 for 7.2.22 (libvirt's encoding). */
    public long qemuVersion() {
        throw new UnsupportedOperationException("stub");
    }

    public boolean isConnected() {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void close() {
    }
}
