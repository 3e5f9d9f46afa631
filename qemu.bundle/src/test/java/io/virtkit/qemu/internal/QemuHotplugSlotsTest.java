package io.virtkit.qemu.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DeviceAddress;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;
import org.junit.jupiter.api.Test;

/** A hot-plugged NIC is placed on a PCI slot; an address it cannot have there is refused, not replaced. */
class QemuHotplugSlotsTest {

    private static final DomainDefinition LIVE = DomainXmlCodec.parse("<domain type='qemu'><name>g</name>"
            + "<memory>65536</memory><os><type arch='x86_64' machine='q35'>hvm</type></os><devices>"
            + "<controller type='pci' index='0' model='pcie-root'/>"
            + "<controller type='pci' index='1' model='pcie-root-port'/></devices></domain>");

    @Test
    void aNonPciAddressOrZpciIsRefused() {
        for (DeviceAddress asked : new DeviceAddress[] {new DeviceAddress.Ccw(0, 0, 1), new DeviceAddress.VirtioMmio(),
            DeviceAddress.Pci.of(1, 0, 0).withZpci(new DeviceAddress.Zpci(1, 1))}) {
            assertThatThrownBy(() -> QemuHotplugSlots.choose(LIVE, asked, null))
                    .isInstanceOfSatisfying(VirtException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED))
                    .hasMessageContaining("address type '" + asked.type() + "'");
        }
    }

    @Test
    void aFreePciSlotIsStillChosen() {
        assertThat(QemuHotplugSlots.choose(LIVE, null, null)).isEqualTo(DeviceAddress.Pci.of(1, 0, 0));
    }
}
