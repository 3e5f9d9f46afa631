package io.virtkit.cluster.internal.guests;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.CreateMode;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.zk.ClusterSession;
import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.RequestRecord;

/**
 * {@link RequestClient} over /requests/&lt;host&gt;: writes a PERSISTENT_SEQUENTIAL request, waits (with a data
 * watch) for the target's agent to write its result into it, deletes it and answers or rethrows the target's error.
 */
@Component(service = RequestClient.class)
public final class ZkRequestClient implements RequestClient {
    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String PENDING = "pending";

    private final ClusterSession session;

    @Activate
    public ZkRequestClient(@Reference ClusterSession session) {
        this.session = session;
    }

    @Override
    public String send(UUID host, String op, String guest, Map<String, String> args, Duration timeout) {
        String what = "cannot send '" + op + "' for guest '" + guest + "' to host " + host;
        RequestRecord request = RequestRecord.of(op, guest, args, session.hostUuid().toString());
        String path = ZkCalls.withQuorum(session, what, () -> session.curator().create().creatingParentsIfNeeded()
                .withMode(CreateMode.PERSISTENT_SEQUENTIAL).forPath(ZkPaths.requests(host) + "/req-",
                        ZkJson.write(request)));
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            RequestRecord answer = await(path, deadline, what);
            if (answer == null) {
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.NONE, "cluster host " + host
                        + " did not answer '" + op + "' for guest '" + guest + "' within " + timeout.toSeconds() + " s");
            }
            if (FAILED.equals(answer.status())) {
                throw VirtException.withMessage(ErrorCode.ofNumber(answer.errorCode()),
                        ErrorDomain.ofNumber(answer.errorDomain()), answer.errorMessage());
            }
            return answer.result() == null ? "" : answer.result();
        } finally {
            delete(path);
        }
    }

    /** The answered request, or null when the deadline passed first. */
    private RequestRecord await(String path, long deadline, String what) {
        Semaphore changed = new Semaphore(0);
        CuratorWatcher watcher = e -> changed.release();
        while (true) {
            RequestRecord now = ZkCalls.call(session, what, () -> ZkJson.read(
                    session.curator().getData().usingWatcher(watcher).forPath(path), RequestRecord.class));
            if (!PENDING.equals(now.status())) {
                return now;
            }
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    return null;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.NONE, what + ": interrupted");
            }
        }
    }

    private void delete(String path) {
        try {
            // in the background, so a requester is never held by an ensemble gone meanwhile; guaranteed: retried
            // until done, else the target deletes finished requests older than a minute
            session.curator().delete().guaranteed().inBackground().forPath(path);
        } catch (Exception e) {
            // the target deletes finished requests older than a minute
        }
    }
}
