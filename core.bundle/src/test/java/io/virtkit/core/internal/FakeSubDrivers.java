package io.virtkit.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.NetworkConnection;
import io.virtkit.api.driver.NetworkDriver;
import io.virtkit.api.driver.NetworkRef;
import io.virtkit.api.driver.OpenRequest;
import io.virtkit.api.driver.StorageConnection;
import io.virtkit.api.driver.StorageDriver;
import io.virtkit.api.driver.StoragePoolRef;
import io.virtkit.api.driver.StorageVolumeRef;

/**
 * Sub-drivers for core's own tests: they record what reaches them (entry point names, in order) and
 * answer with fixed references; entries with a default body keep it (NO_SUPPORT) unless {@code offers}
 * names them. Core's behaviour against real drivers is tested in the driver bundles and the itests.
 */
final class FakeSubDrivers {
    static final DomainRef DOMAIN = new DomainRef("vm1", UUID.fromString("11111111-2222-3333-4444-555555555555"), 3);
    static final NetworkRef NETWORK = new NetworkRef("net1", UUID.fromString("66666666-2222-3333-4444-555555555555"));

    static final StoragePoolRef POOL =
            new StoragePoolRef("pool1", UUID.fromString("77777777-2222-3333-4444-555555555555"));
    static final io.virtkit.api.driver.DomainSnapshotRef SNAPSHOT =
            new io.virtkit.api.driver.DomainSnapshotRef(DOMAIN, "snap1");
    static final StorageVolumeRef VOLUME = new StorageVolumeRef("pool1", "vol1", "/pool1/vol1");

    private FakeSubDrivers() {
    }

    /** What a primitive-returning call answers by default; null for objects and void. */
    private static Object zero(Class<?> type) {
        if (type == boolean.class) {
            return Boolean.FALSE;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == int.class) {
            return 0;
        }
        return null;
    }

    /** A hypervisor driver for {@code schemes} that accepts (or declines) every URI. */
    static final class Hypervisor implements HypervisorDriver {
        final String name;
        final Set<String> schemes;
        final boolean accepts;
        final Set<String> offers;
        final List<URI> asked = Collections.synchronizedList(new ArrayList<>());
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile ConnectionEvents events;
        volatile OpenRequest lastRequest;
        volatile NetworkConnection ownNetworks;
        volatile StorageConnection ownStorage;
        /** The flags argument (the last long) of the latest call that had one. */
        volatile long lastFlags = -1;
        /** The arguments of the latest call. */
        volatile Object[] lastArgs;

        Hypervisor(String name, boolean accepts, Set<String> offers, String... schemes) {
            this.name = name;
            this.accepts = accepts;
            this.offers = offers;
            this.schemes = Set.of(schemes);
        }

        Hypervisor(String name, boolean accepts, String... schemes) {
            this(name, accepts, Set.of(), schemes);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents sink) {
            asked.add(request.uri());
            lastRequest = request;
            events = sink;
            if (!accepts) {
                return Optional.empty();
            }
            String label = name + ":" + request.uri();
            InvocationHandler h = (proxy, method, args) -> {
                String m = method.getName();
                switch (m) {
                    case "toString":
                        return label;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "networks":
                        return Optional.ofNullable(ownNetworks);
                    case "storage":
                        return Optional.ofNullable(ownStorage);
                    default:
                        break;
                }
                calls.add(m);
                lastArgs = args;
                if (args != null && args.length > 0 && args[args.length - 1] instanceof Long flags) {
                    lastFlags = flags;
                }
                if (method.isDefault() && !offers.contains(m)) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                return switch (m) {
                    case "uri" -> label;
                    case "type" -> name;
                    case "sysinfo" -> "<sysinfo type='smbios'/>";
                    case "domainCapabilities" -> "<domainCapabilities>" + java.util.Arrays.toString(args)
                            + "</domainCapabilities>";
                    case "listAllDomains" -> List.of(DOMAIN);
                    case "lookupDomainByName", "lookupDomainByUuid", "lookupDomainById", "defineDomain",
                            "createDomain" -> DOMAIN;
                    case "domainId" -> DOMAIN.id();
                    case "domainIsActive" -> true;
                    case "domainXml" -> "<domain/>";
                    // snapshots (offered only when named in offers)
                    case "snapshotCreateXml", "snapshotLookupByName", "snapshotCurrent", "snapshotParent" -> SNAPSHOT;
                    case "snapshotListAll", "snapshotListChildren" -> List.of(SNAPSHOT);
                    case "snapshotXml" -> "<domainsnapshot/>";
                    case "snapshotIsCurrent", "snapshotHasCurrent", "snapshotHasMetadata" -> true;
                    case "hasManagedSaveImage" -> true;
                    default -> zero(method.getReturnType());
                };
            };
            return Optional.of((HypervisorConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HypervisorConnection.class}, h));
        }
    }

    /** A network driver for {@code schemes} whose connections record their calls into {@link #calls}. */
    static final class Network implements NetworkDriver {
        final Set<String> schemes;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile ConnectionEvents events;

        Network(String... schemes) {
            this.schemes = Set.of(schemes);
        }

        @Override
        public String name() {
            return "net";
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public Optional<NetworkConnection> open(OpenRequest request, ConnectionEvents sink) {
            events = sink;
            return Optional.of(connection(calls));
        }

        static NetworkConnection connection(List<String> calls) {
            return (NetworkConnection) Proxy.newProxyInstance(FakeSubDrivers.class.getClassLoader(),
                    new Class<?>[] {NetworkConnection.class}, (proxy, method, args) -> {
                        String m = method.getName();
                        if (m.equals("hashCode")) {
                            return System.identityHashCode(proxy);
                        }
                        if (m.equals("equals")) {
                            return proxy == args[0];
                        }
                        if (m.equals("toString")) {
                            return "fake networks";
                        }
                        calls.add(m);
                        return switch (m) {
                            case "listAllNetworks" -> List.of(NETWORK);
                            case "lookupNetworkByName", "lookupNetworkByUuid", "defineNetwork", "createNetwork" ->
                                NETWORK;
                            case "networkBridgeName" -> "virbr9";
                            default -> zero(method.getReturnType());
                        };
                    });
        }
    }

    /**
     * A storage driver for {@code schemes} whose connections record their calls into {@link #calls} and the
     * flags argument of the latest call into {@link #lastFlags}; optional entries keep their default
     * (NO_SUPPORT) unless {@code offers} names them.
     */
    static final class Storage implements StorageDriver {
        final Set<String> schemes;
        final Set<String> offers;
        final List<String> calls = Collections.synchronizedList(new ArrayList<>());
        volatile ConnectionEvents events;
        volatile long lastFlags = -1;

        Storage(Set<String> offers, String... schemes) {
            this.offers = offers;
            this.schemes = Set.of(schemes);
        }

        @Override
        public String name() {
            return "storage";
        }

        @Override
        public Set<String> schemes() {
            return schemes;
        }

        @Override
        public Optional<StorageConnection> open(OpenRequest request, ConnectionEvents sink) {
            events = sink;
            return Optional.of(connection());
        }

        StorageConnection connection() {
            InvocationHandler h = (proxy, method, args) -> {
                String m = method.getName();
                switch (m) {
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    case "toString":
                        return "fake storage";
                    default:
                        break;
                }
                calls.add(m);
                if (args != null && args.length > 0 && args[args.length - 1] instanceof Long flags) {
                    lastFlags = flags;
                }
                if (method.isDefault() && !offers.contains(m)) {
                    return InvocationHandler.invokeDefault(proxy, method, args);
                }
                return switch (m) {
                    case "listAllStoragePools" -> List.of(POOL);
                    case "listStorageVolumes" -> List.of(VOLUME);
                    case "lookupStoragePoolByName", "lookupStoragePoolByUuid", "lookupStoragePoolByVolume",
                            "defineStoragePool", "createStoragePool" -> POOL;
                    case "lookupStorageVolumeByName", "lookupStorageVolumeByKey", "lookupStorageVolumeByPath",
                            "createStorageVolume", "createStorageVolumeFrom" -> VOLUME;
                    case "storagePoolXml" -> "<pool/>";
                    case "storageVolumePath" -> VOLUME.key();
                    default -> zero(method.getReturnType());
                };
            };
            return (StorageConnection) Proxy.newProxyInstance(FakeSubDrivers.class.getClassLoader(),
                    new Class<?>[] {StorageConnection.class}, h);
        }
    }
}
