package io.virtkit.core.internal;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobStats;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.MigrationBegin;
import io.virtkit.api.MigrationParams;
import io.virtkit.api.MigrationPrepared;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.api.driver.HypervisorDriver;
import io.virtkit.api.driver.MigrationFinish;
import io.virtkit.api.driver.OpenRequest;

/**
 * Two hypervisor drivers playing a source and a destination host of a migration for core's tests: every call
 * reaching either is written, in order, to one shared {@link #steps} log as "src.migrateBegin" or
 * "dst.migratePrepare", with its arguments kept; each step answers with recognisable cookies ("begin-cookie",
 * "prepare-cookie", …) unless a test scripts another answer (or a failure) in {@link Host#script}.
 */
final class MigrationHostsFake {

    static final UUID VM = UUID.fromString("11111111-2222-3333-4444-555555555555");

    final List<String> steps = Collections.synchronizedList(new ArrayList<>());
    final Host source = new Host("src");
    final Host destination = new Host("dst");

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(Object cookie) {
        return new String((byte[]) cookie, StandardCharsets.UTF_8);
    }

    /** One host: a driver for its scheme whose connections record into the shared log. */
    final class Host implements HypervisorDriver {
        final String scheme;
        final Map<String, Function<Object[], Object>> script = new ConcurrentHashMap<>();
        final Map<String, Object[]> args = new ConcurrentHashMap<>();
        volatile boolean migrates = true;
        volatile ConnectionEvents events;

        Host(String scheme) {
            this.scheme = scheme;
        }

        @Override
        public String name() {
            return scheme.toUpperCase();
        }

        @Override
        public Set<String> schemes() {
            return Set.of(scheme);
        }

        /** Makes {@code method} fail with {@code e} from now on. */
        void fail(String method, RuntimeException e) {
            script.put(method, a -> {
                throw e;
            });
        }

        /** The arguments of the latest call of {@code method}. */
        Object[] args(String method) {
            Object[] a = args.get(method);
            if (a == null) {
                throw new AssertionError(scheme + "." + method + " was not called; steps: " + steps);
            }
            return a;
        }

        @Override
        public Optional<HypervisorConnection> open(OpenRequest request, ConnectionEvents sink) {
            events = sink;
            String uri = request.uri().toString();
            InvocationHandler h = (proxy, method, a) -> {
                String m = method.getName();
                switch (m) {
                    case "toString":
                        return scheme + " " + uri;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == a[0];
                    case "uri":
                        return uri;
                    case "close", "networks", "storage":
                        return m.equals("close") ? null : Optional.empty();
                    case "supportsMigration":
                        return migrates;
                    default:
                        break;
                }
                Object[] given = a == null ? new Object[0] : a;
                steps.add(scheme + "." + m);
                args.put(m, given);
                Function<Object[], Object> scripted = script.get(m);
                if (scripted != null) {
                    return scripted.apply(given);
                }
                return switch (m) {
                    case "lookupDomainByName" -> new DomainRef((String) given[0], VM, 3);
                    case "domainState" -> DomainStateInfo.of(DomainStateReason.RUNNING_BOOTED);
                    case "migrateBegin" -> new MigrationBegin("<domain>from begin</domain>", bytes("begin-cookie"));
                    case "migratePrepare" -> new MigrationPrepared("tcp:10.77.0.2:49152", bytes("prepare-cookie"));
                    case "migratePerform" -> bytes("perform-cookie");
                    case "migrateFinish" -> (Boolean) given[3]
                            ? new MigrationFinish(null, bytes("finish-cancelled-cookie"))
                            : new MigrationFinish(new DomainRef(((MigrationParams) given[0]).destinationName(), VM, 7),
                                    bytes("finish-cookie"));
                    case "migrateConfirm", "abortDomainJob" -> null;
                    case "domainJobInfo" -> new DomainJobInfo(DomainJobType.UNBOUNDED, 1500, 0, 300, 100, 200, 300,
                            100, 200, 0, 0, 0);
                    case "domainJobStats" -> new DomainJobStats(DomainJobType.UNBOUNDED,
                            Map.of("operation", DomainJobStats.OPERATION_MIGRATION_OUT));
                    default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, a) : null;
                };
            };
            return Optional.of((HypervisorConnection) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {HypervisorConnection.class}, h));
        }
    }
}
