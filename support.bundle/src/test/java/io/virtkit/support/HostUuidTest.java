package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

class HostUuidTest {

    @Test
    void theConfiguredUuidWins() {
        assertThat(HostUuid.of(" 6f1c2a4e-0b8d-4a43-9d58-3c0f7b9e2a11 ", ErrorDomain.QEMU))
                .isEqualTo(UUID.fromString("6f1c2a4e-0b8d-4a43-9d58-3c0f7b9e2a11"));
    }

    @Test
    void aConfiguredTextThatIsNoUuidIsRefusedInTheCallersDomain() {
        assertThatThrownBy(() -> HostUuid.of("not-a-uuid", ErrorDomain.QEMU)).isInstanceOf(VirtException.class)
                .satisfies(e -> assertThat(((VirtException) e).code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED))
                .hasMessageContaining("host UUID 'not-a-uuid' is not valid");
    }

    @Test
    void machineIdTextWithoutDashesReadsAsAUuid() {
        assertThat(HostUuid.parse("0123456789abcdef0123456789ABCDEF\n"))
                .isEqualTo(UUID.fromString("01234567-89ab-cdef-0123-456789abcdef"));
        assertThat(HostUuid.parse("xyz")).isNull();
    }

    @Test
    void withoutConfigurationTheHostsOwnIsStable() {
        assertThat(HostUuid.of("", ErrorDomain.QEMU)).isNotNull();
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/etc/machine-id"))) {
            assertThat(HostUuid.of(null, ErrorDomain.QEMU)).isEqualTo(HostUuid.of("", ErrorDomain.QEMU));
        }
    }
}
