package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.sun.jna.LastErrorException;

/** The struct packing behind SCM_RIGHTS, checked against the LP64 Linux layouts (glibc's CMSG_* macros). */
class UnixFdSocketTest {

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Test
    void cmsgMacrosMatchGlibcOnLp64() {
        // glibc x86_64/aarch64: CMSG_LEN(4) == 20, CMSG_SPACE(4) == 24, CMSG_SPACE(8) == 24, CMSG_SPACE(12) == 32
        assertThat(UnixFdSocket.cmsgLen(Integer.BYTES)).isEqualTo(20);
        assertThat(UnixFdSocket.cmsgSpace(Integer.BYTES)).isEqualTo(24);
        assertThat(UnixFdSocket.cmsgSpace(8)).isEqualTo(24);
        assertThat(UnixFdSocket.cmsgSpace(12)).isEqualTo(32);
        assertThat(UnixFdSocket.cmsgLen(0)).isEqualTo(16);
        assertThat(UnixFdSocket.cmsgAlign(1)).isEqualTo(8);
        assertThat(UnixFdSocket.cmsgAlign(16)).isEqualTo(16);
        assertThat(UnixFdSocket.cmsgAlign(17)).isEqualTo(24);
    }

    @Test
    void scmRightsCarriesOneDescriptorAfterTheHeader() {
        ByteBuffer b = UnixFdSocket.scmRights(0x12345678).order(ByteOrder.nativeOrder());

        assertThat(b.capacity()).isEqualTo(24);
        assertThat(b.getLong(0)).as("cmsg_len").isEqualTo(20);
        assertThat(b.getInt(8)).as("cmsg_level SOL_SOCKET").isEqualTo(1);
        assertThat(b.getInt(12)).as("cmsg_type SCM_RIGHTS").isEqualTo(1);
        assertThat(b.getInt(16)).as("CMSG_DATA").isEqualTo(0x12345678);
        assertThat(b.getInt(20)).as("padding").isZero();
    }

    @Test
    void iovecIsBaseThenLength() {
        ByteBuffer b = UnixFdSocket.iovec(0x7f00_1122_3344L, 99).order(ByteOrder.nativeOrder());

        assertThat(b.capacity()).isEqualTo(16);
        assertThat(b.getLong(0)).isEqualTo(0x7f00_1122_3344L);
        assertThat(b.getLong(8)).isEqualTo(99);
    }

    @Test
    void msghdrPlacesIovAndControlAtTheirLp64Offsets() {
        ByteBuffer b = UnixFdSocket.msghdr(0x1000L, 1, 0x2000L, 24).order(ByteOrder.nativeOrder());

        assertThat(b.capacity()).isEqualTo(56);
        assertThat(b.getLong(0)).as("msg_name").isZero();
        assertThat(b.getInt(8)).as("msg_namelen").isZero();
        assertThat(b.getLong(16)).as("msg_iov").isEqualTo(0x1000L);
        assertThat(b.getLong(24)).as("msg_iovlen").isEqualTo(1);
        assertThat(b.getLong(32)).as("msg_control").isEqualTo(0x2000L);
        assertThat(b.getLong(40)).as("msg_controllen").isEqualTo(24);
        assertThat(b.getInt(48)).as("msg_flags").isZero();
    }

    @Test
    void sockaddrUnIsFamilyThenNulTerminatedPath() {
        byte[] addr = UnixFdSocket.sockaddrUn("/run/q.sock");

        assertThat(addr).hasSize(110);
        assertThat(le(addr).getShort(0)).isEqualTo((short) 1);
        assertThat(new String(addr, 2, 11, StandardCharsets.US_ASCII)).isEqualTo("/run/q.sock");
        assertThat(addr[13]).isZero();
    }

    @Test
    void sockaddrUnRejectsPathsThatDoNotFit() {
        assertThatThrownBy(() -> UnixFdSocket.sockaddrUn("/" + "a".repeat(107)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 108");
        assertThat(UnixFdSocket.sockaddrUn("/" + "a".repeat(106))).hasSize(110);
        assertThatThrownBy(() -> UnixFdSocket.sockaddrUn("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UnixFdSocket.sockaddrUn("/a\0b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pollfdIsFdThenEvents() {
        ByteBuffer b = le(UnixFdSocket.pollfd(7, UnixFdSocket.POLLIN));
        assertThat(b.getInt(0)).isEqualTo(7);
        assertThat(b.getShort(4)).isEqualTo((short) 1);
        assertThat(b.getShort(6)).isZero();
    }

    @Test
    void connectToAMissingSocketReportsErrno() {
        assertThatThrownBy(() -> UnixFdSocket.connect("/nonexistent-virtkit-dir/x.sock"))
                .isInstanceOfSatisfying(LastErrorException.class, e -> assertThat(e.getErrorCode()).isEqualTo(2));
        assertThat(UnixFdSocket.describe(2)).isEqualTo("No such file or directory");
    }
}
