package io.virtkit.remote.internal;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainEvent;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.NetworkEvent;
import io.virtkit.api.Registration;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;

/**
 * One client's event registrations. Each registration is a listener on the client's {@link Connection}
 * that turns Virtkit's events into libvirt MESSAGE packets for the client's sink: the callback form
 * ({@code DOMAIN_EVENT_CALLBACK_LIFECYCLE}, {@code NETWORK_EVENT_LIFECYCLE}, with the client's callback id
 * and an optional filter on one domain or network) that libvirt 1.2.1+ clients use once the server
 * supports {@code VIR_DRV_FEATURE_REMOTE_EVENT_CALLBACK}, and the older {@code DOMAIN_EVENT_LIFECYCLE}
 * form, one registration per event id, for clients that do not ask; storage pool lifecycle and refresh callbacks
 * ({@code STORAGE_POOL_EVENT_LIFECYCLE}, {@code STORAGE_POOL_EVENT_REFRESH}). Thread-safe.
 */
final class EventProcedures {
    private static final Logger LOG = Logger.getLogger(EventProcedures.class.getName());

    /** The procedures that add a registration: each counts against the client's {@code maxEventCallbacks}. */
    static final Set<Procedure> REGISTRATIONS = EnumSet.of(Procedure.CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY,
            Procedure.CONNECT_DOMAIN_EVENT_REGISTER_ANY, Procedure.CONNECT_NETWORK_EVENT_REGISTER_ANY,
            Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY);

    /** {@code VIR_DOMAIN_EVENT_ID_LIFECYCLE} and {@code VIR_NETWORK_EVENT_ID_LIFECYCLE}, the only ones Virtkit emits. */
    static final int EVENT_ID_LIFECYCLE = 0;

    private final Consumer<Packet> sink;
    private final AtomicInteger nextCallbackId = new AtomicInteger(1);
    private final Map<Integer, Registration> domainCallbacks = new ConcurrentHashMap<>();
    private final Map<Integer, Registration> networkCallbacks = new ConcurrentHashMap<>();
    private final Map<Integer, Registration> storageCallbacks = new ConcurrentHashMap<>();
    /** Old-style registrations, keyed by event id: libvirt allows one per id and client. */
    private final Map<Integer, Registration> legacyDomain = new ConcurrentHashMap<>();
    private boolean closed;

    EventProcedures(Consumer<Packet> sink) {
        this.sink = sink;
    }

    void call(Procedure p, Connection conn, XdrReader in, XdrWriter out) {
        switch (p) {
            case CONNECT_DOMAIN_EVENT_CALLBACK_REGISTER_ANY -> {
                int eventId = in.readInt();
                UUID only = in.readBool() ? RemoteTypes.readDomainUuid(in) : null;
                checkDomainEventId(eventId);
                if (only != null) {
                    conn.lookupDomainByUuid(only); // libvirt refuses a filter on a domain that does not exist
                }
                int id = nextCallbackId.getAndIncrement();
                keep(domainCallbacks, id, conn.addDomainEventListener(e -> {
                    if (only == null || only.equals(e.domain().uuid())) {
                        send(Procedure.DOMAIN_EVENT_CALLBACK_LIFECYCLE, w -> writeLifecycle(w.writeInt(id), e));
                    }
                }));
                out.writeInt(id);
            }
            case CONNECT_DOMAIN_EVENT_CALLBACK_DEREGISTER_ANY -> {
                int id = in.readInt();
                drop(domainCallbacks, id, "domain event callback " + id + " not registered");
            }
            case CONNECT_DOMAIN_EVENT_REGISTER_ANY -> {
                int eventId = in.readInt();
                checkDomainEventId(eventId);
                synchronized (this) {
                    if (legacyDomain.containsKey(eventId)) {
                        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                                "domain event " + eventId + " already registered");
                    }
                    keep(legacyDomain, eventId, conn.addDomainEventListener(
                            e -> send(Procedure.DOMAIN_EVENT_LIFECYCLE, w -> writeLifecycle(w, e))));
                }
            }
            case CONNECT_DOMAIN_EVENT_DEREGISTER_ANY -> {
                int eventId = in.readInt();
                drop(legacyDomain, eventId, "domain event " + eventId + " not registered");
            }
            case CONNECT_NETWORK_EVENT_REGISTER_ANY -> {
                int eventId = in.readInt();
                UUID only = null;
                if (in.readBool()) {
                    in.readString(RemoteTypes.STRING_MAX);
                    only = RemoteTypes.readUuid(in);
                }
                if (eventId != EVENT_ID_LIFECYCLE) {
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                            "unsupported network event ID " + eventId);
                }
                if (only != null) {
                    conn.lookupNetworkByUuid(only);
                }
                UUID filter = only;
                int id = nextCallbackId.getAndIncrement();
                keep(networkCallbacks, id, conn.addNetworkEventListener(e -> {
                    if (filter == null || filter.equals(e.network().uuid())) {
                        send(Procedure.NETWORK_EVENT_LIFECYCLE, w -> writeNetworkLifecycle(w.writeInt(id), e));
                    }
                }));
                out.writeInt(id);
            }
            case CONNECT_NETWORK_EVENT_DEREGISTER_ANY -> {
                int id = in.readInt();
                drop(networkCallbacks, id, "network event callback " + id + " not registered");
            }
            case CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY ->
                registerStorage(conn, StorageArgs.EventRegister.read(in), out);
            case CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY -> {
                int id = in.readInt();
                drop(storageCallbacks, id, "storage pool event callback " + id + " not registered");
            }
            default -> throw new IllegalStateException("not an event procedure: " + p);
        }
    }

    /**
     * A storage pool callback: lifecycle events ({@code STORAGE_POOL_EVENT_LIFECYCLE}, libvirt's event number and
     * detail 0, as its storage drivers send) or refresh events, for every pool or the one named.
     */
    private void registerStorage(Connection conn, StorageArgs.EventRegister args, XdrWriter out) {
        boolean lifecycle = args.eventId() == StorageArgs.EventRegister.EVENT_ID_LIFECYCLE;
        if (!lifecycle && args.eventId() != StorageArgs.EventRegister.EVENT_ID_REFRESH) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                    "unsupported storage pool event ID " + args.eventId());
        }
        UUID only = args.pool() == null ? null : args.pool().uuid();
        if (only != null) {
            conn.lookupStoragePoolByUuid(only); // as for domains: no filter on a pool that does not exist
        }
        int id = nextCallbackId.getAndIncrement();
        keep(storageCallbacks, id, conn.addStoragePoolEventListener(e -> {
            if ((only != null && !only.equals(e.pool().uuid())) || e.type().isLifecycle() != lifecycle) {
                return;
            }
            StorageXdr.PoolRef pool = StorageProcedures.ref(e.pool());
            if (lifecycle) {
                send(Procedure.STORAGE_POOL_EVENT_LIFECYCLE,
                        w -> new StorageXdr.LifecycleEvent(id, pool, e.type().number(), 0).write(w));
            } else {
                send(Procedure.STORAGE_POOL_EVENT_REFRESH, w -> new StorageXdr.RefreshEvent(id, pool).write(w));
            }
        }));
        out.writeInt(id);
    }

    /** Closes every registration; later registrations are refused. */
    void close() {
        List<Registration> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            all.addAll(domainCallbacks.values());
            all.addAll(networkCallbacks.values());
            all.addAll(storageCallbacks.values());
            all.addAll(legacyDomain.values());
            domainCallbacks.clear();
            networkCallbacks.clear();
            storageCallbacks.clear();
            legacyDomain.clear();
        }
        for (Registration r : all) {
            try {
                r.close();
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "event deregistration failed", e);
            }
        }
    }

    /** Whether {@code call} is a CALL adding an event registration. */
    static boolean registers(Header call) {
        if (call.program() != Header.REMOTE_PROGRAM || call.type() != Header.CALL) {
            return false;
        }
        Procedure p = Procedure.of(call.procedure());
        return p != null && REGISTRATIONS.contains(p);
    }

    /** How many registrations are live (for tests and the admin view). */
    int registrations() {
        return domainCallbacks.size() + networkCallbacks.size() + storageCallbacks.size() + legacyDomain.size();
    }

    private static void checkDomainEventId(int eventId) {
        if (eventId != EVENT_ID_LIFECYCLE) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "unsupported event ID " + eventId);
        }
    }

    private void keep(Map<Integer, Registration> map, int key, Registration r) {
        synchronized (this) {
            if (!closed) {
                map.put(key, r);
                return;
            }
        }
        r.close(); // the session closed while this call ran
        throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "connection not open");
    }

    private static void drop(Map<Integer, Registration> map, int key, String notRegistered) {
        Registration r = map.remove(key);
        if (r == null) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, notRegistered);
        }
        r.close();
    }

    /** {@code remote_domain_event_lifecycle_msg}: the domain, libvirt's event number and detail. */
    private static void writeLifecycle(XdrWriter w, DomainEvent e) {
        Domain d = e.domain();
        DomainLifecycleXdr.write(w, new DomainRef(d.name(), d.uuid(), RemoteTypes.idOf(d)), e.detail());
    }

    /** {@code remote_network_event_lifecycle_msg} after its callback id; network events have no detail. */
    private static void writeNetworkLifecycle(XdrWriter w, NetworkEvent e) {
        RemoteTypes.writeNetwork(w, e.network());
        w.writeInt(e.type().number()).writeInt(0);
    }

    private void send(int procedure, Consumer<XdrWriter> body) {
        try {
            XdrWriter w = new XdrWriter();
            body.accept(w);
            sink.accept(new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, procedure, Header.MESSAGE, 0, Header.OK),
                    w.toByteArray()));
        } catch (RuntimeException e) {
            // a listener must not break the driver's event thread; the client just misses this event
            LOG.log(Level.WARNING, "cannot send event " + procedure, e);
        }
    }
}
