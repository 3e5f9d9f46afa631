package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.cluster.Cluster;

/**
 * A command on this host's cluster ({@code virt:cluster-*}), through the public {@link Cluster} service; it opens no
 * hypervisor connection. The reference is optional for the reason {@link DaemonCommand}'s is: the Cluster service is
 * registered only while feature virtkit-cluster is installed and configured, and a mandatory reference would hold
 * back every {@code virt:*} command without it. Karaf injects the service when the command runs, or null.
 */
abstract class ClusterCommand implements Action {

    /** What every cluster command says while no Cluster service is registered. */
    static final String NOT_RUNNING = "the cluster is not running on this host: install feature virtkit-cluster "
            + "and configure pid io.virtkit.cluster";

    @Reference(optional = true)
    Cluster cluster;

    @Override
    public final Object execute() throws Exception {
        try {
            execute(requireCluster(cluster));
            return null;
        } catch (VirtException e) {
            throw Errors.of(e);
        } catch (RuntimeException e) {
            throw Errors.unexpected(e);
        }
    }

    /** The command's work; output goes to {@code System.out}, which Karaf routes to the session. */
    abstract void execute(Cluster cluster) throws Exception;

    /** The cluster, or the error every cluster command reports while none is registered. */
    static Cluster requireCluster(Cluster cluster) {
        if (cluster == null) {
            throw new VirtException(ErrorCode.OPERATION_INVALID, ErrorDomain.NONE, NOT_RUNNING);
        }
        return cluster;
    }

    static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }
}
