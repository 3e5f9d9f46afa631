package io.virtkit.qemu.internal.qmp;

import com.fasterxml.jackson.databind.JsonNode;

/** An asynchronous QMP event: its name ("SHUTDOWN"), its data (an empty object when QEMU sent none). */
public record QmpEvent(String name, JsonNode data, long timestampMicros) {
}
