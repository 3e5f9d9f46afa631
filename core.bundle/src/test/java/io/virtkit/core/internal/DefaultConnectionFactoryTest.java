package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.virtkit.api.Connection;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.spi.HypervisorDriver;

class DefaultConnectionFactoryTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();

    /** A driver that records the URIs it was asked for and accepts those its predicate allows. */
    private static final class RecordingDriver implements HypervisorDriver {
        final String name;
        final Set<String> schemes;
        final boolean accepts;
        final List<URI> asked = new ArrayList<>();

        RecordingDriver(String name, boolean accepts, String... schemes) {
            this.name = name;
            this.accepts = accepts;
            this.schemes = Set.of(schemes);
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
        public Optional<Connection> open(URI uri) {
            asked.add(uri);
            return accepts ? Optional.of(connectionNamed(name + ":" + uri)) : Optional.empty();
        }
    }

    /** A connection whose uri() tells which driver made it; nothing else is called in these tests. */
    private static Connection connectionNamed(String label) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "uri", "toString" -> label;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> {
                        if (method.isDefault()) {
                            yield java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                        }
                        throw new UnsupportedOperationException(method.getName());
                    }
                });
    }

    private static Map<String, Object> props(long id, int ranking) {
        return Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking);
    }

    @Test
    void routesByScheme() {
        RecordingDriver test = new RecordingDriver("test", true, "test");
        RecordingDriver qemu = new RecordingDriver("QEMU", true, "qemu");
        factory.addDriver(test, props(1, 0));
        factory.addDriver(qemu, props(2, 0));

        assertThat(factory.open("qemu:///system").uri()).isEqualTo("QEMU:qemu:///system");
        assertThat(factory.open("test:///default").uri()).isEqualTo("test:test:///default");
        assertThat(test.asked).containsExactly(URI.create("test:///default"));
    }

    @Test
    void transportSuffixDoesNotChooseTheDriver() {
        RecordingDriver qemu = new RecordingDriver("QEMU", true, "qemu");
        factory.addDriver(qemu, props(1, 0));

        factory.open("qemu+unix:///system?socket=/tmp/s");

        assertThat(qemu.asked).containsExactly(URI.create("qemu+unix:///system?socket=/tmp/s"));
    }

    @Test
    void asksDriversInRankingOrderUntilOneAccepts() {
        RecordingDriver declining = new RecordingDriver("first", false, "test");
        RecordingDriver low = new RecordingDriver("low", true, "test");
        RecordingDriver high = new RecordingDriver("high", true, "test");
        factory.addDriver(low, props(1, 0));
        factory.addDriver(declining, props(2, 10));
        factory.addDriver(high, props(3, 5));

        assertThat(factory.open("test:///default").uri()).startsWith("high:");
        assertThat(declining.asked).hasSize(1);
        assertThat(low.asked).isEmpty();
        assertThat(factory.drivers()).extracting(DriverInfo::name).containsExactly("first", "high", "low");
    }

    @Test
    void noDriverForTheSchemeIsNoConnect() {
        factory.addDriver(new RecordingDriver("test", true, "test"), props(1, 0));

        assertThatThrownBy(() -> factory.open("xen:///system"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT);
                    assertThat(e.code().number()).isEqualTo(5);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NONE);
                })
                .hasMessage("no connection driver available for xen:///system");
    }

    @Test
    void everyDriverDecliningIsNoConnect() {
        RecordingDriver declining = new RecordingDriver("test", false, "test");
        factory.addDriver(declining, props(1, 0));

        assertThatThrownBy(() -> factory.open("test://remotehost/default"))
                .isInstanceOf(VirtException.class)
                .hasMessage("no connection driver available for test://remotehost/default");
        assertThat(declining.asked).hasSize(1);
    }

    @Test
    void removedDriverIsNoLongerAskedNorListed() {
        RecordingDriver test = new RecordingDriver("test", true, "test");
        factory.addDriver(test, props(1, 0));
        factory.removeDriver(test);

        assertThat(factory.drivers()).isEmpty();
        assertThatThrownBy(() -> factory.open("test:///default"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_CONNECT));
        assertThat(test.asked).isEmpty();
    }

    @Test
    void badUrisAreInvalidArguments() {
        assertThatThrownBy(() -> factory.open("not a uri"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessage("invalid argument: Unable to parse URI not a uri");
        assertThatThrownBy(() -> factory.open("/var/run/x"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessageContaining("has no scheme");
        assertThatThrownBy(() -> factory.open(""))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
        assertThatThrownBy(() -> factory.open(null))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }

    @Test
    void schemeMatchingIgnoresCase() {
        RecordingDriver test = new RecordingDriver("test", true, "test");
        factory.addDriver(test, props(1, 0));

        assertThat(factory.open("TEST:///default").uri()).startsWith("test:");
    }

    /** A network driver whose networks are just a record of the calls that reached it. */
    private static final class RecordingNetworkDriver implements io.virtkit.api.spi.NetworkDriver {
        final List<String> calls = new ArrayList<>();
        Connection seenConnection;

        @Override
        public String name() {
            return "net";
        }

        @Override
        public Set<String> schemes() {
            return Set.of("qemu");
        }

        @Override
        public Optional<io.virtkit.api.spi.NetworkAccess> open(URI uri, Connection connection) {
            seenConnection = connection;
            return Optional.of((io.virtkit.api.spi.NetworkAccess) Proxy.newProxyInstance(
                    getClass().getClassLoader(), new Class<?>[] {io.virtkit.api.spi.NetworkAccess.class},
                    (proxy, method, args) -> {
                        calls.add(method.getName());
                        return method.getName().equals("listAllNetworks") ? List.of() : null;
                    }));
        }
    }

    @Test
    void connectionsOfANetworkDriversSchemeGetItsNetworks() {
        factory.addDriver(new RecordingDriver("QEMU", true, "qemu"), props(1, 0));
        factory.addDriver(new RecordingDriver("test", true, "test"), props(2, 0));
        RecordingNetworkDriver net = new RecordingNetworkDriver();
        factory.addNetworkDriver(net);

        Connection qemu = factory.open("qemu:///system");
        assertThat(qemu.listAllNetworks()).isEmpty();
        assertThat(net.seenConnection).isSameAs(qemu);
        assertThat(qemu.uri()).isEqualTo("QEMU:qemu:///system");

        Connection test = factory.open("test:///default");
        assertThatThrownBy(test::listAllNetworks).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
        }).hasMessage("this function is not supported by the connection driver: virConnectListAllNetworks");

        factory.removeNetworkDriver(net);
        assertThatThrownBy(() -> factory.open("qemu:///system").listAllNetworks()).isInstanceOf(VirtException.class);
        assertThat(net.calls).containsExactly("listAllNetworks");
    }
}
