package io.virtkit.cluster.internal.zk.records;

import java.util.Map;

/**
 * /requests/&lt;hostUuid&gt;/req-N: work for one host. {@code op}: start, stop, migrate, adopt. The target host
 * writes the same record back with {@code status} "done" or "failed" (then {@code errorCode}, {@code errorDomain},
 * {@code errorMessage}: the VirtException's numbers and message, rethrown as such by the requester) and
 * {@code result} (e.g. the destination host of a migration). The requester deletes it after reading; the target
 * deletes finished requests older than a minute (a requester died).
 */
public record RequestRecord(String op, String guest, Map<String, String> args, String requester, long createdEpochMs,
        String status, int errorCode, int errorDomain, String errorMessage, String result) {

    public static RequestRecord of(String op, String guest, Map<String, String> args, String requester) {
        return new RequestRecord(op, guest, Map.copyOf(args), requester, System.currentTimeMillis(), "pending", 0, 0,
                "", "");
    }
}
