package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;

/** The read-write socket's configured mode, as libvirtd's unix_sock_rw_perms is written. */
class SocketModeTest {
    @Test
    void octalModesWithOrWithoutTheLeadingZero() {
        assertThat(SocketMode.parse("0600")).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(SocketMode.parse(" 666 ")).isEqualTo(PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(SocketMode.parse("0770")).isEqualTo(PosixFilePermissions.fromString("rwxrwx---"));
    }

    @Test
    void anythingElseIsRefusedNamingIt() {
        assertThatThrownBy(() -> SocketMode.parse("rw-rw-rw-")).hasMessage(
                "socketMode 'rw-rw-rw-' is not an octal mode such as 0600 or 0666");
        assertThatThrownBy(() -> SocketMode.parse("4777")).hasMessageContaining("'4777' is not an octal mode");
        assertThatThrownBy(() -> SocketMode.parse("0800")).hasMessageContaining("'0800' is not an octal mode");
        assertThatThrownBy(() -> SocketMode.parse("0066")).hasMessage(
                "socketMode '0066' does not let the socket's owner connect");
    }
}
