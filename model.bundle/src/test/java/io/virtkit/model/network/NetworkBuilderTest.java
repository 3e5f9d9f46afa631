package io.virtkit.model.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.VirtException;
import java.net.Inet4Address;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The network builder makes the same definitions as the constructor and the codec, with libvirt's defaults. */
class NetworkBuilderTest {

    @Test
    void theBuilderMakesWhatTheConstructorMakes() throws Exception {
        UUID uuid = UUID.randomUUID();
        NetworkIp ip = NetworkIp.of((Inet4Address) Inet4Address.getByName("192.168.150.1"), 24);
        NetworkDefinition constructed = new NetworkDefinition("net", uuid, null, null, null, null,
                NetworkForward.of(ForwardMode.NAT, null), new NetworkBridge("virbr9", null, true, 0, null), 1500,
                "52:54:00:aa:bb:cc", new NetworkDomain("example", null), null, null, null, null, List.of(ip), List.of(),
                null, List.of(), List.of());

        assertThat(NetworkDefinition.builder().name("net").uuid(uuid).forwardMode(ForwardMode.NAT).bridgeName("virbr9")
                .mac("52:54:00:AA:BB:CC").mtu(1500).domainName("example").ip(ip).build()).isEqualTo(constructed);
        assertThat(constructed.toBuilder().build()).isEqualTo(constructed);
        assertThat(constructed.withBridgeName("virbr3").withBridgeName("virbr9")).isEqualTo(constructed);
        assertThat(constructed.withMac("52:54:00:00:00:01").mac()).isEqualTo("52:54:00:00:00:01");
        assertThat(constructed.withUuid(UUID.randomUUID()).withUuid(uuid)).isEqualTo(constructed);
    }

    @Test
    void theDefaultsAreLibvirts() {
        NetworkDefinition isolated = NetworkDefinition.builder().name("iso").build();
        NetworkDefinition parsed = NetworkXmlCodec.parse("<network><name>iso</name></network>");
        assertThat(isolated.forwardMode()).isEqualTo(ForwardMode.NONE);
        assertThat(isolated.stp()).isTrue();
        assertThat(isolated.stpDelay()).isZero();
        assertThat(isolated.uuid()).isNotNull();
        assertThat(isolated.toBuilder().uuid(parsed.uuid()).build()).isEqualTo(parsed);
    }

    @Test
    void theBuilderChecksAsTheConstructor() {
        assertThatThrownBy(() -> NetworkDefinition.builder().name("n").mtu(0).build())
                .isInstanceOf(VirtException.class).hasMessageContaining("Invalid mtu size '0' in network 'n'");
    }
}
