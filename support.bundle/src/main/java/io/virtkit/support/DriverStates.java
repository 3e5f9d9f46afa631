package io.virtkit.support;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * What a driver component that runs guests keeps: one {@link RecordDriverState} per set of directories
 * (qemu:///system and qemu:///session each have theirs, or share one; lxc:/// has one), loaded at
 * activation; the connections it opens on them; and its going away, which lets go of every state without
 * stopping a guest. A state whose directories cannot be used (not root, say) does not stop the component:
 * only opening its URI fails, with the reason.
 *
 * <p>Thread-safe: opening and closing are atomic under this object's lock.
 *
 * @param <D> the driver's domain record
 * @param <C> the driver's connection
 * @param <S> the driver's state
 */
public final class DriverStates<D extends JobDomainRecord, C extends RecordHypervisorConnection<D, C>,
        S extends RecordDriverState<D, C>> {

    private final String driverName;
    private final ErrorDomain errorDomain;
    private final Map<DriverDirs, S> states = new LinkedHashMap<>(); // guarded by this
    private final Map<DriverDirs, String> loadErrors = new LinkedHashMap<>(); // guarded by this
    private boolean closed; // guarded by this

    /** @param driverName the driver's name in messages ("QEMU"); @param errorDomain its error domain */
    public DriverStates(String driverName, ErrorDomain errorDomain) {
        this.driverName = Objects.requireNonNull(driverName, "driverName");
        this.errorDomain = Objects.requireNonNull(errorDomain, "errorDomain");
    }

    /**
     * Makes and loads the state of {@code dirs} with {@code newState} unless there is one (or a failed one)
     * already; a state that fails to load is closed again and its failure kept for {@link #open}.
     */
    public synchronized void load(DriverDirs dirs, Function<DriverDirs, S> newState) {
        if (states.containsKey(dirs) || loadErrors.containsKey(dirs)) {
            return;
        }
        S state = newState.apply(dirs);
        String failure = state.loadOrFailure();
        if (failure == null) {
            states.put(dirs, state);
        } else {
            loadErrors.put(dirs, failure);
            state.close();
        }
    }

    /** The loaded state of {@code dirs}, or null. */
    public synchronized S state(DriverDirs dirs) {
        return states.get(dirs);
    }

    /**
     * A new connection to the state of {@code dirs}, made by {@code newConnection} and attached to it; empty
     * once this has closed; OPERATION_FAILED "cannot use the … driver's directories for {@code uri}: …" when
     * the state failed to load.
     */
    public synchronized Optional<C> open(DriverDirs dirs, String uri, Function<S, C> newConnection) {
        if (closed) {
            return Optional.empty();
        }
        S state = states.get(dirs);
        if (state == null) {
            throw new VirtException(ErrorCode.OPERATION_FAILED, errorDomain,
                    "cannot use the " + driverName + " driver's directories for " + uri + ": " + loadErrors.get(dirs));
        }
        C connection = newConnection.apply(state);
        state.attach(connection);
        return Optional.of(connection);
    }

    /** Autostarts every state's domains on its own threads (a provider they need arrived); nothing once closed. */
    public void autostartInBackground() {
        List<S> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            current = new ArrayList<>(states.values());
        }
        current.forEach(RecordDriverState::autostartInBackground);
    }

    /** Lets go of every state (connections, monitors, threads); every guest keeps running. Idempotent. */
    public void close() {
        List<S> current;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            current = new ArrayList<>(states.values());
        }
        current.forEach(RecordDriverState::close);
    }
}
