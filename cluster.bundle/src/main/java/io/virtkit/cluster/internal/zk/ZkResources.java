package io.virtkit.cluster.internal.zk;

/**
 * Closes Curator recipes (caches, persistent nodes) of a component being deactivated without letting a missing
 * quorum hold the deactivation. Closing a recipe talks to the ensemble: a {@code CuratorCache} removes its watch
 * (and, on a client that never reached a quorum, first creates the namespace's root, synchronously), a
 * {@code PersistentNode} deletes its znode; without a quorum each call waits through the client's retries, about
 * a session timeout per recipe, and SCR deactivates the components one after another in the framework's stop: a
 * host alone took 51 s to end after SIGTERM. So with a quorum they are closed at once (the others see this host's
 * znodes go now); without one they are closed on a daemon thread, which ends when the ensemble answers or when the
 * session's client is closed (the session component is deactivated after the components using it), whichever
 * comes first; an ephemeral znode goes with the session anyway.
 */
public final class ZkResources {
    private ZkResources() {
    }

    /** Closes {@code resources} in order: here with a quorum, else on a daemon thread named after {@code what}. */
    public static void close(ClusterSession session, String what, AutoCloseable... resources) {
        if (session.hasQuorum()) {
            closeAll(what, resources);
            return;
        }
        Thread t = new Thread(() -> closeAll(what, resources), "virtkit-cluster-close-" + what);
        t.setDaemon(true);
        t.start();
    }

    private static void closeAll(String what, AutoCloseable... resources) {
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                // also the client closed meanwhile (IllegalStateException): nothing left to give back
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                System.getLogger(ZkResources.class.getName()).log(System.Logger.Level.DEBUG,
                        "cluster: closing the " + what + ": " + e);
            }
        }
    }
}
