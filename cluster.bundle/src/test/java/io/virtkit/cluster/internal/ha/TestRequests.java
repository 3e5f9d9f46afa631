package io.virtkit.cluster.internal.ha;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.guests.RequestClient;
import io.virtkit.cluster.internal.zk.ClusterSession;

/**
 * The guests component's request client as far as HA relies on it: {@code start} runs the target host's agent
 * (directly, instead of through /requests); without quorum the requester is refused; an unreachable target times out.
 */
final class TestRequests implements RequestClient {
    /** One request sent: when, to which host, which op on which guest. */
    record Sent(long atNanos, UUID host, String op, String guest) {
    }

    private final ClusterSession requester;
    private final Map<UUID, SimulatedHost> hosts;
    final List<Sent> sent = new CopyOnWriteArrayList<>();

    TestRequests(ClusterSession requester, Map<UUID, SimulatedHost> hosts) {
        this.requester = requester;
        this.hosts = hosts;
    }

    @Override
    public String send(UUID host, String op, String guest, Map<String, String> args, Duration timeout) {
        if (!requester.hasQuorum()) {
            throw requester.noQuorum(op + " " + guest);
        }
        sent.add(new Sent(System.nanoTime(), host, op, guest));
        SimulatedHost target = hosts.get(host);
        if (target == null || target.dead() || !target.session.hasQuorum()) {
            throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.NONE,
                    "host " + host + " did not answer '" + op + "' within " + timeout.toMillis() + " ms");
        }
        if (!START.equals(op)) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.NONE, op);
        }
        target.agent.start(guest);
        return "";
    }
}
