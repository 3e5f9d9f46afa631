package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MacAddressTest {

    @Test
    void tapGetsTheGuestMacWithFirstByteFE() {
        assertThat(MacAddress.parse("52:54:00:12:34:56").forTap()).hasToString("fe:54:00:12:34:56");
    }

    @Test
    void tapGetsFAWhenTheGuestMacAlreadyStartsWithFE() {
        assertThat(MacAddress.parse("FE:54:00:12:34:56").forTap()).hasToString("fa:54:00:12:34:56");
    }

    @Test
    void tapMacNeverEqualsTheGuestMac() {
        for (int first = 0; first < 256; first++) {
            MacAddress guest = new MacAddress(0x5400_1234_56L).withFirstByte(first);
            assertThat(guest.forTap()).isNotEqualTo(guest);
            assertThat(guest.forTap().bits() & 0xFF_FFFF_FFFFL).isEqualTo(guest.bits() & 0xFF_FFFF_FFFFL);
        }
    }

    @Test
    void bytesRoundTrip() {
        MacAddress mac = MacAddress.parse("01:23:45:67:89:ab");
        assertThat(mac.bytes()).containsExactly(0x01, 0x23, 0x45, 0x67, 0x89, 0xab);
        assertThat(MacAddress.of(mac.bytes())).isEqualTo(mac);
        assertThat(mac.firstByte()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "52:54:00:12:34", "52:54:00:12:34:56:78", "52:54:00:12:34:5g", "525:4:00:12:34:56",
        "52-54-00-12-34-56", "52:54:00:12:34:"})
    void malformedIsRejected(String text) {
        assertThatThrownBy(() -> MacAddress.parse(text)).isInstanceOf(VirtException.class)
                .hasMessage("internal error: unable to parse mac address '" + text + "'");
    }
}
