package io.virtkit.cluster.internal;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import io.virtkit.api.Registration;
import io.virtkit.api.cluster.ClusterEvent;
import io.virtkit.api.cluster.ClusterEventType;
import io.virtkit.api.cluster.ClusterListener;

/**
 * Hands the cluster's events to listeners on one thread of its own, in the order they were published, so a slow
 * listener never blocks Curator's event thread. Every component of the bundle publishes here.
 */
@Component(service = ClusterEventBus.class)
public final class ClusterEventBus {
    private final CopyOnWriteArrayList<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "virtkit-cluster-events");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public ClusterEventBus() {
    }

    public void publish(ClusterEventType type, UUID host, String name, String detail) {
        publish(new ClusterEvent(type, Optional.ofNullable(host), Optional.ofNullable(name), detail == null ? "" : detail));
    }

    public void publish(ClusterEvent event) {
        if (listeners.isEmpty()) {
            return;
        }
        try {
            delivery.execute(() -> {
                for (ClusterListener l : listeners) {
                    try {
                        l.onEvent(event);
                    } catch (RuntimeException e) {
                        // one listener's failure is not the others' concern
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // deactivated: no more events
        }
    }

    public Registration add(ClusterListener listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Deactivate
    public void close() throws InterruptedException {
        delivery.shutdown();
        delivery.awaitTermination(2, TimeUnit.SECONDS);
    }
}
