package io.virtkit.cluster.internal.guests;

import org.apache.zookeeper.KeeperException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.cluster.internal.zk.ClusterSession;

/**
 * Runs ZooKeeper calls for the guests' components and turns the ensemble's failures into the errors a caller of
 * the cluster expects: no quorum (checked first, so a call is not left waiting for the ensemble) → the session's
 * {@code noQuorum}; any other failure → OPERATION_FAILED naming what was attempted.
 */
final class ZkCalls {

    /** A ZooKeeper call; may throw Curator's and ZooKeeper's checked exceptions. */
    @FunctionalInterface
    interface ZkCall<T> {
        T run() throws Exception;
    }

    private ZkCalls() {
    }

    /** {@code call} with a quorum check first; {@code what} completes "cluster has no quorum: …". */
    static <T> T withQuorum(ClusterSession session, String what, ZkCall<T> call) {
        if (!session.hasQuorum()) {
            throw session.noQuorum(what);
        }
        return call(session, what, call);
    }

    /** {@code call} without a quorum check (reads of a connected session, work of the host agent). */
    static <T> T call(ClusterSession session, String what, ZkCall<T> call) {
        try {
            return call.run();
        } catch (VirtException e) {
            throw e;
        } catch (KeeperException.ConnectionLossException | KeeperException.SessionExpiredException
                | KeeperException.SessionMovedException | KeeperException.OperationTimeoutException e) {
            throw session.noQuorum(what);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.NONE, what + ": interrupted", e);
        } catch (Exception e) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.NONE, what + ": " + e.getMessage(), e);
        }
    }
}
