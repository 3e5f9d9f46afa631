package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InterfaceNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"vnet0", "br-lan", "a", "eth0.100", "abcdefghijklmno", "my_tap"})
    void acceptsWhatTheKernelAccepts(String name) {
        assertThat(InterfaceNames.isValid(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "a:b", "a b", "a\tb", "a\nb", "vnet%d", "abcdefghijklmnop"})
    void rejectsWhatTheKernelRejectsAndTemplates(String name) {
        assertThat(InterfaceNames.isValid(name)).isFalse();
    }

    @Test
    void lengthCountsBytesNotCharacters() {
        // 8 two-byte characters are 16 bytes: more than IFNAMSIZ-1
        assertThatThrownBy(() -> InterfaceNames.validate("éééééééé", "x"))
                .hasMessage("Network interface name 'éééééééé' is too long: Numerical result out of range");
    }

    @Test
    void nullIsAnInvalidArgument() {
        assertThatThrownBy(() -> InterfaceNames.validate(null, "x"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG));
    }

    @Test
    void invalidCharactersGiveTheKernelsEinvalText() {
        assertThatThrownBy(() -> InterfaceNames.validate("a/b", "Unable to create tap device"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                .hasMessage("Unable to create tap device a/b: Invalid argument");
    }
}
