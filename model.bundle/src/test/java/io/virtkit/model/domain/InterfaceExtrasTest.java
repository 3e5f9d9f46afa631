package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** An interface's driver, addresses, routes, port forwards, boot order and source extras, read typed. */
class InterfaceExtrasTest {

    private static List<InterfaceDevice> nics() throws Exception {
        return DomainXmlCodec.parse(DomainXmlCodecTest.resource("family-interface-extras.xml")).devices()
                .interfaces();
    }

    @Test
    void theDriverIsReadWithItsQueuesOffloadsAndVirtioOptions() throws Exception {
        InterfaceDriver d = nics().get(0).settings().driver();

        assertThat(d.name()).isEqualTo("vhost");
        assertThat(d.txmode()).isEqualTo("iothread");
        assertThat(d.queues()).isEqualTo(4);
        assertThat(d.rxQueueSize()).isEqualTo(512);
        assertThat(d.txQueueSize()).isEqualTo(256);
        assertThat(d.ioeventfd()).isTrue();
        assertThat(d.eventIdx()).isFalse();
        assertThat(d.rss()).isTrue();
        assertThat(d.virtio()).isEqualTo(new VirtioOptions(true, true, false, true));
        assertThat(d.host()).isEqualTo(new InterfaceDriver.Offloads(false, false, false, false, false, false,
                false));
        assertThat(d.guest().gso()).isNull();
        assertThat(nics().get(0).settings().bootOrder()).isEqualTo(1);
    }

    @Test
    void guestAddressesRoutesAndPortForwardsAreKept() throws Exception {
        InterfaceSettings s = nics().get(0).settings();
        assertThat(s.ips()).containsExactly(new InterfaceIp("192.0.2.20", "ipv4", 24, "192.0.2.1"),
                new InterfaceIp("2001:db8::20", "ipv6", 64, null));
        assertThat(s.routes()).hasSize(2);
        assertThat(s.routes().get(0).metric()).isEqualTo(5L);

        List<InterfacePortForward> forwards = nics().get(1).settings().portForwards();
        assertThat(forwards).hasSize(2);
        assertThat(forwards.get(0).ranges()).containsExactly(new InterfacePortForward.Range(2022, null, 22, null),
                new InterfacePortForward.Range(5000, 5020, 6000, null),
                new InterfacePortForward.Range(5010, 5015, null, true));
        assertThat(forwards.get(1).proto()).isEqualTo("udp");
    }

    @Test
    void theSourceExtrasOfEachTypeAreKept() throws Exception {
        List<InterfaceDevice> nics = nics();
        assertThat(nics.get(0).settings().source().bridge()).isEqualTo("virbr0");
        assertThat(nics.get(0).settings().source().macTableManager()).isEqualTo("libvirt");
        assertThat(nics.get(1).settings().source().dev()).isEqualTo("eth0");
        InterfaceSource bridge = nics.get(2).settings().source();
        assertThat(bridge.network()).isEqualTo("lan");
        assertThat(bridge.portid()).isEqualTo("3d0f4f22-5d45-4a5a-9a6c-7d1a7e9d0b11");
        assertThat(nics.get(3).settings().source().ips()).hasSize(1);
        assertThat(nics.get(3).settings().source().routes()).hasSize(1);
        assertThat(nics.get(4).settings().source().network()).isEqualTo("macvtap-net");
        assertThat(nics.get(5).settings().source().hostAddress())
                .isEqualTo(new InterfaceSource.HostAddress("pci", 0, 3, 16, 1, true, null));
        assertThat(nics.get(5).settings().source().missing()).isTrue();
        assertThat(nics.get(6).settings().source().usbVendor()).isEqualTo(0x1234);
        assertThat(nics.get(6).settings().source().hostAddress())
                .isEqualTo(new InterfaceSource.HostAddress(null, null, 1, null, null, null, 4));
        assertThat(nics.get(8).type()).isEqualTo(InterfaceDevice.Type.INTERNAL);
        assertThat(nics.get(8).settings().source().name()).isEqualTo("intnet");
    }

    @Test
    void theNewSettingsAreNamedForADriverToRefuse() throws Exception {
        assertThat(nics().get(0).settings().elementNames()).contains("driver", "ip", "route", "boot");
        assertThat(nics().get(1).settings().elementNames()).contains("portForward");
    }

    @Test
    void aZeroQueueCountOrABootOrderZeroIsRefusedWithLibvirtsWording() {
        assertThatThrownBy(() -> DomainXmlCodec.parse(minimal("<driver queues='0'/>")))
                .hasMessageContaining("'queues' attribute must be positive number: 0");
        assertThatThrownBy(() -> DomainXmlCodec.parse(minimal("<boot order='0'/>")))
                .hasMessageContaining("incorrect boot order '0', expecting positive integer");
    }

    private static String minimal(String inside) {
        return "<domain type='kvm'><name>x</name><memory>1024</memory><os><type>hvm</type></os><devices>"
                + "<interface type='user'>" + inside + "</interface></devices></domain>";
    }
}
