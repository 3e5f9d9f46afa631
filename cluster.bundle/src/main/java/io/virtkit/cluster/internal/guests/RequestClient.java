package io.virtkit.cluster.internal.guests;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * Sends work to a host through /requests/&lt;host&gt; and waits for its answer (the host agent there runs it).
 * Registered as a service by the guests component; HA recovery uses it to restart guests.
 */
public interface RequestClient {

    /** The ops a host agent runs. */
    String START = "start";
    String STOP = "stop";
    String MIGRATE = "migrate";
    String ADOPT = "adopt";

    /**
     * Sends one request and waits for its result.
     *
     * @return the target's {@code result} string (e.g. the host UUID a migration went to), empty if none
     * @throws io.virtkit.api.VirtException the target's error as it reported it; OPERATION_TIMEOUT when it did not
     *         answer within {@code timeout}; OPERATION_INVALID "cluster has no quorum" without quorum
     */
    String send(UUID host, String op, String guest, Map<String, String> args, Duration timeout);
}
