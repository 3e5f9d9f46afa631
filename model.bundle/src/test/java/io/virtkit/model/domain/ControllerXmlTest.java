package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;

/** {@code <controller>} through the codec: kept with its address; its driver alias only in the live XML. */
class ControllerXmlTest {

    private static final String XML = "<domain type='qemu'><name>vm</name><memory>1024</memory><os><type>hvm</type>"
            + "</os><devices><controller type='pci' index='0' model='pci-root'><alias name='pci.0'/></controller>"
            + "<controller type='pci' index='1' model='pci-bridge'><alias name='pci.1'/>"
            + "<address type='pci' domain='0x0000' bus='0x00' slot='0x05' function='0x0'/></controller>"
            + "</devices></domain>";

    @Test
    void aControllerKeepsItsAddressAndItsAliasOnlyLive() {
        DomainDefinition def = DomainXmlCodec.parse(XML);
        assertThat(def.devices().controllers()).containsExactly(
                new ControllerDevice("pci", 0, "pci-root", DeviceInfo.NONE),
                new ControllerDevice("pci", 1, "pci-bridge", DeviceInfo.ofAddress(DeviceAddress.Pci.of(0, 5, 0))));
        String inactive = DomainXmlCodec.format(def);
        assertThat(inactive).contains("<controller type='pci' index='0' model='pci-root'/>")
                .doesNotContain("pci.1");
        assertThat(DomainXmlCodec.parse(inactive)).isEqualTo(def);

        DomainDefinition live = DomainXmlCodec.parseLive(XML);
        assertThat(live.devices().controllers().get(1).alias()).isEqualTo("pci.1");
        assertThat(DomainXmlCodec.parseLive(DomainXmlCodec.formatLive(live, 1))).isEqualTo(live);
    }

    @Test
    void aBadIndexIsRefused() {
        assertThatThrownBy(() -> DomainXmlCodec.parse(XML.replace("index='1'", "index='x'")))
                .isInstanceOf(VirtException.class).hasMessageContaining("Cannot parse controller index x");
    }
}
