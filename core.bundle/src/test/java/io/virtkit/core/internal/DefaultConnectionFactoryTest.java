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

class DefaultConnectionFactoryTest {

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();

    private static Map<String, Object> props(long id, int ranking) {
        return Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking);
    }

    @Test
    void routesByScheme() {
        FakeSubDrivers.Hypervisor test = new FakeSubDrivers.Hypervisor("test", true, "test");
        FakeSubDrivers.Hypervisor qemu = new FakeSubDrivers.Hypervisor("QEMU", true, "qemu");
        factory.addHypervisorDriver(test, props(1, 0));
        factory.addHypervisorDriver(qemu, props(2, 0));

        assertThat(factory.open("qemu:///system").uri()).isEqualTo("QEMU:qemu:///system");
        assertThat(factory.open("test:///default").uri()).isEqualTo("test:test:///default");
        assertThat(test.asked).containsExactly(URI.create("test:///default"));
    }

    @Test
    void transportSuffixDoesNotChooseTheDriver() {
        FakeSubDrivers.Hypervisor qemu = new FakeSubDrivers.Hypervisor("QEMU", true, "qemu");
        factory.addHypervisorDriver(qemu, props(1, 0));

        factory.open("qemu+unix:///system?socket=/tmp/s");

        assertThat(qemu.asked).containsExactly(URI.create("qemu+unix:///system?socket=/tmp/s"));
    }

    @Test
    void asksDriversInRankingOrderUntilOneAccepts() {
        FakeSubDrivers.Hypervisor declining = new FakeSubDrivers.Hypervisor("first", false, "test");
        FakeSubDrivers.Hypervisor low = new FakeSubDrivers.Hypervisor("low", true, "test");
        FakeSubDrivers.Hypervisor high = new FakeSubDrivers.Hypervisor("high", true, "test");
        factory.addHypervisorDriver(low, props(1, 0));
        factory.addHypervisorDriver(declining, props(2, 10));
        factory.addHypervisorDriver(high, props(3, 5));

        assertThat(factory.open("test:///default").uri()).startsWith("high:");
        assertThat(declining.asked).hasSize(1);
        assertThat(low.asked).isEmpty();
        assertThat(factory.drivers()).extracting(DriverInfo::name).containsExactly("first", "high", "low");
    }

    @Test
    void noDriverForTheSchemeIsNoConnect() {
        factory.addHypervisorDriver(new FakeSubDrivers.Hypervisor("test", true, "test"), props(1, 0));

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
        FakeSubDrivers.Hypervisor declining = new FakeSubDrivers.Hypervisor("test", false, "test");
        factory.addHypervisorDriver(declining, props(1, 0));

        assertThatThrownBy(() -> factory.open("test://remotehost/default"))
                .isInstanceOf(VirtException.class)
                .hasMessage("no connection driver available for test://remotehost/default");
        assertThat(declining.asked).hasSize(1);
    }

    @Test
    void removedDriverIsNoLongerAskedNorListed() {
        FakeSubDrivers.Hypervisor test = new FakeSubDrivers.Hypervisor("test", true, "test");
        factory.addHypervisorDriver(test, props(1, 0));
        factory.removeHypervisorDriver(test);

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
        assertThatThrownBy(() -> factory.open((String) null))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }

    @Test
    void schemeMatchingIgnoresCase() {
        FakeSubDrivers.Hypervisor test = new FakeSubDrivers.Hypervisor("test", true, "test");
        factory.addHypervisorDriver(test, props(1, 0));

        assertThat(factory.open("TEST:///default").uri()).startsWith("test:");
    }

    @Test
    void connectionsOfANetworkDriversSchemeGetItsNetworks() {
        factory.addHypervisorDriver(new FakeSubDrivers.Hypervisor("QEMU", true, "qemu"), props(1, 0));
        factory.addHypervisorDriver(new FakeSubDrivers.Hypervisor("test", true, "test"), props(2, 0));
        FakeSubDrivers.Network net = new FakeSubDrivers.Network("qemu");
        factory.addNetworkDriver(net, props(3, 0));

        Connection qemu = factory.open("qemu:///system");
        assertThat(qemu.listAllNetworks()).singleElement().satisfies(n -> {
            assertThat(n.name()).isEqualTo("net1");
            assertThat(n.connection()).isSameAs(qemu);
        });
        assertThat(qemu.uri()).isEqualTo("QEMU:qemu:///system");

        Connection test = factory.open("test:///default");
        assertThatThrownBy(test::listAllNetworks).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
        }).hasMessage("this function is not supported by the connection driver: virConnectListAllNetworks");

        factory.removeNetworkDriver(net);
        assertThatThrownBy(qemu::listAllNetworks).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT));
        assertThatThrownBy(() -> factory.open("qemu:///system").listAllNetworks()).isInstanceOf(VirtException.class);
        assertThat(net.calls).containsExactly("listAllNetworks", "close");
    }
}
