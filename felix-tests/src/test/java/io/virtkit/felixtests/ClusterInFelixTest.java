package io.virtkit.felixtests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;

import io.virtkit.api.cluster.ClusterMode;
import io.virtkit.api.cluster.ClusterStatus;

/**
 * The cluster bundle in plain Felix (ZooKeeper, Curator, Guava and Netty embedded; slf4j 1.7 and Jackson as the
 * framework's bundles): configured as a standalone embedded peer on loopback without TLS, its session service
 * comes up connected and its membership lists this host. The session and membership are internal services: the
 * test sees them by name and reads the session's status (an API record) reflectively.
 */
class ClusterInFelixTest {
    private static final String SESSION = "io.virtkit.cluster.internal.zk.ClusterSession";
    private static final String MEMBERSHIP = "io.virtkit.cluster.internal.membership.MembershipView";

    private final BundleContext context = FrameworkUtil.getBundle(ClusterInFelixTest.class).getBundleContext();

    @Test
    void aStandalonePeerWithoutTlsBringsTheSessionUpConnected() throws Exception {
        DriverFramework.await(context, "test", "the test driver").close();
        Bundle cluster = java.util.Arrays.stream(context.getBundles())
                .filter(b -> b.getSymbolicName().equals("io.virtkit.cluster")).findFirst().orElseThrow();
        assertThat(cluster.getState()).isEqualTo(Bundle.ACTIVE);
        Path dir = Files.createTempDirectory("vkzk-felix");
        Path secret = Files.writeString(dir.resolve("cluster-secret"), "felix-secret");
        Configuration config = DriverConfiguration.write(context, "io.virtkit.cluster", Map.of("mode", "embedded",
                "peerId", 1, "peers", "1=127.0.0.1:21311:21312:21313", "tlsEnabled", false,
                "secretFile", secret.toString(), "dataDir", dir.resolve("zookeeper").toString(),
                "hostname", "felix-host", "uris", "test:///default", "sessionTimeoutMs", 4000));
        try {
            DriverFramework.awaitTrue("the ClusterSession service connected", () -> status() != null && status().connected());
            ClusterStatus status = status();
            assertThat(status.mode()).isEqualTo(ClusterMode.EMBEDDED);
            assertThat(status.hostname()).isEqualTo("felix-host");
            assertThat(status.ensemble()).isEqualTo("127.0.0.1:21313");
            assertThat(status.message()).isEmpty();
            DriverFramework.awaitTrue("the MembershipView service lists this host", () -> {
                Object hosts = call(MEMBERSHIP, "hosts");
                return hosts instanceof java.util.List<?> l && l.size() == 1;
            });
        } finally {
            config.delete();
            DriverFramework.awaitTrue("the session gone with its configuration", () -> reference(SESSION) == null);
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private ClusterStatus status() {
        return (ClusterStatus) call(SESSION, "status");
    }

    private ServiceReference<?> reference(String objectClass) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(objectClass, null);
            return refs == null ? null : refs[0];
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Calls a no-argument method of an internal service (its interface is not exported). */
    private Object call(String objectClass, String method) {
        ServiceReference<?> ref = reference(objectClass);
        if (ref == null) {
            return null;
        }
        Object service = context.getService(ref);
        try {
            for (Class<?> type : service.getClass().getInterfaces()) {
                if (type.getName().equals(objectClass)) {
                    return type.getMethod(method).invoke(service);
                }
            }
            throw new IllegalStateException(objectClass + " not implemented by " + service.getClass());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        } finally {
            context.ungetService(ref);
        }
    }
}
