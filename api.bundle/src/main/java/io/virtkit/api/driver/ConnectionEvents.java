package io.virtkit.api.driver;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.NetworkEventType;
import io.virtkit.api.StoragePoolEventType;

/**
 * Where a sub-driver's connection reports what happened to its objects; core turns each report into an
 * event with a handle on the public connection, for that connection's listeners. Reporting only queues,
 * so a driver may report while it holds an object's lock (which keeps events of concurrent changes in
 * order). One sink per public connection, shared by its sub-drivers.
 */
@org.osgi.annotation.versioning.ProviderType
public interface ConnectionEvents {

    /**
     * Nobody listens: for opening a sub-driver outside a public connection (tests, benchmarks, a driver's
     * own housekeeping). Reports go nowhere.
     */
    ConnectionEvents NONE = new ConnectionEvents() {
        @Override
        public boolean domainEventsWanted() {
            return false;
        }

        @Override
        public void report(DomainRef domain, DomainEventDetail detail) {
            // nobody listens
        }

        @Override
        public boolean networkEventsWanted() {
            return false;
        }

        @Override
        public void report(NetworkRef network, NetworkEventType type) {
            // nobody listens
        }

        @Override
        public String toString() {
            return "no events";
        }
    };

    /** Whether anyone listens to domain events: lets a driver skip building events nobody will see. */
    boolean domainEventsWanted();

    void report(DomainRef domain, DomainEventDetail detail);

    /**
     * Asks to run {@code firstWanted} once, when domain events become wanted for the first time (a first
     * listener registers), before that registration returns, or at once if they are wanted already. For drivers
     * that must set up something costly on a server to see changes (ESX's property collector and its long
     * poll): they set it up only for connections someone listens to and still miss no change made after the
     * listener registered.
     *
     * @return whether the sink will run it; {@code false} (the default: a sink that predates this) means the
     *         driver must watch from the start if it wants to report
     * @since 1.6
     */
    default boolean whenDomainEventsWanted(Runnable firstWanted) {
        return false;
    }

    boolean networkEventsWanted();

    void report(NetworkRef network, NetworkEventType type);

    /**
     * Whether anyone listens to storage pool events (by default nobody: a sink that predates storage).
     *
     * @since 1.3
     */
    default boolean storagePoolEventsWanted() {
        return false;
    }

    /**
     * A pool's lifecycle change or refresh ({@link StoragePoolEventType#REFRESHED}).
     *
     * @since 1.3
     */
    default void report(StoragePoolRef pool, StoragePoolEventType type) {
        // nobody listens
    }
}
