package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.InterfaceDevice;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeviceChangesTest {

    @Test
    void currentMeansLiveWhenActiveElseConfig() {
        assertThat(DeviceChanges.impact(true, true, Set.of())).isEqualTo(new DeviceChanges.Impact(true, false));
        assertThat(DeviceChanges.impact(false, true, Set.of(DeviceModifyFlag.CURRENT)))
                .isEqualTo(new DeviceChanges.Impact(false, true));
        assertThat(DeviceChanges.impact(true, true, Set.of(DeviceModifyFlag.LIVE, DeviceModifyFlag.CONFIG)))
                .isEqualTo(new DeviceChanges.Impact(true, true));
    }

    @Test
    void liveOnInactiveAndConfigOnTransientAreInvalid() {
        assertThatThrownBy(() -> DeviceChanges.impact(false, true, Set.of(DeviceModifyFlag.LIVE)))
                .isInstanceOf(VirtException.class).hasMessageContaining("domain is not running")
                .extracting(e -> ((VirtException) e).code()).isEqualTo(ErrorCode.OPERATION_INVALID);
        assertThatThrownBy(() -> DeviceChanges.impact(true, false, Set.of(DeviceModifyFlag.CONFIG)))
                .hasMessageContaining("cannot change persistent config of a transient domain");
    }

    @Test
    void parsesAnInterfaceAndKnowsWhetherItsMacWasGiven() {
        DeviceChanges.Impact live = new DeviceChanges.Impact(true, false);
        var given = DeviceChanges.parseInterface("<?xml version='1.0'?>\n<interface type='network'>"
                + "<mac address='52:54:00:AA:bb:01'/><source network='default'/><model type='virtio'/></interface>",
                true, live, ErrorDomain.DOMAIN);
        assertThat(given.macGiven()).isTrue();
        assertThat(given.device().mac()).isEqualTo("52:54:00:aa:bb:01");
        assertThat(given.device().source()).isEqualTo("default");
        var random = DeviceChanges.parseInterface("<interface type='user'/>", true, live, ErrorDomain.DOMAIN);
        assertThat(random.macGiven()).isFalse();
        assertThat(random.device().mac()).startsWith("52:54:00:");
    }

    @Test
    void otherDevicesAreUnsupportedWithLibvirtsWording() {
        assertThatThrownBy(() -> DeviceChanges.parseInterface("<disk type='file'/>", true,
                new DeviceChanges.Impact(true, false), ErrorDomain.QEMU))
                .hasMessage("Operation not supported: live attach of device 'disk' is not supported");
        assertThatThrownBy(() -> DeviceChanges.parseInterface("<disk type='file'/>", false,
                new DeviceChanges.Impact(false, true), ErrorDomain.QEMU))
                .hasMessage("unsupported configuration: persistent detach of device 'disk' is not supported");
    }

    @Test
    void findsByMacOrByTheOnlyInterfaceOfAType() {
        var a = new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:00:00:01", "default", null, null, null, null);
        var b = new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:00:00:02", null, null, null, null, null);
        var c = new InterfaceDevice(InterfaceDevice.Type.NETWORK, "52:54:00:00:00:03", "default", null, null, null, null);
        List<InterfaceDevice> all = List.of(a, b, c);
        assertThat(DeviceChanges.find(all, new DeviceChanges.InterfaceChange(c, true), ErrorDomain.DOMAIN)).isEqualTo(2);
        assertThat(DeviceChanges.find(all, new DeviceChanges.InterfaceChange(
                new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:99:99:99", null, null, null, null, null), false),
                ErrorDomain.DOMAIN)).isEqualTo(1);
        assertThatThrownBy(() -> DeviceChanges.find(all, new DeviceChanges.InterfaceChange(
                new InterfaceDevice(InterfaceDevice.Type.USER, "52:54:00:99:99:99", null, null, null, null, null), true),
                ErrorDomain.DOMAIN)).hasMessage("operation failed: no device matching MAC address 52:54:00:99:99:99 found");
        assertThatThrownBy(() -> DeviceChanges.withInterface(all, a, ErrorDomain.DOMAIN))
                .hasMessageContaining("52:54:00:00:00:01");
    }
}
