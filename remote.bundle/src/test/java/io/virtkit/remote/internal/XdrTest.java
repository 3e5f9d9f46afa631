package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

class XdrTest {
    @Test
    void encodesScalarsBigEndian() {
        byte[] b = new XdrWriter().writeInt(-2).writeUnsigned(0xFFFF_FFFEL).writeHyper(0x0102030405060708L)
                .writeBool(true).toByteArray();
        assertThat(b).containsExactly(
                0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xfe,
                1, 2, 3, 4, 5, 6, 7, 8, 0, 0, 0, 1);
        XdrReader r = new XdrReader(b);
        assertThat(r.readInt()).isEqualTo(-2);
        assertThat(r.readUnsigned()).isEqualTo(0xFFFF_FFFEL);
        assertThat(r.readHyper()).isEqualTo(0x0102030405060708L);
        assertThat(r.readBool()).isTrue();
        assertThat(r.remaining()).isZero();
    }

    @Test
    void padsOpaqueAndStrings() {
        byte[] b = new XdrWriter().writeString("abcde").writeFixedOpaque(new byte[] {9}, 1)
                .writeOptionalString(null).writeOptionalString("é").toByteArray();
        assertThat(b).containsExactly(
                0, 0, 0, 5, 'a', 'b', 'c', 'd', 'e', 0, 0, 0,
                9, 0, 0, 0,
                0, 0, 0, 0,
                0, 0, 0, 1, 0, 0, 0, 2, 0xc3, 0xa9, 0, 0);
        XdrReader r = new XdrReader(b);
        assertThat(r.readString(100)).isEqualTo("abcde");
        assertThat(r.readFixedOpaque(1)).containsExactly(9);
        assertThat(r.readOptionalString(100)).isNull();
        assertThat(r.readOptionalString(100)).isEqualTo("é");
    }

    @Test
    void roundTripsArrays() {
        byte[] b = new XdrWriter().writeArray(List.of(3, 1, 4), XdrWriter::writeInt).toByteArray();
        assertThat(b).hasSize(16);
        assertThat(new XdrReader(b).readArray(10, XdrReader::readInt)).containsExactly(3, 1, 4);
        assertThatThrownBy(() -> new XdrReader(b).readArray(2, XdrReader::readInt))
                .isInstanceOf(XdrException.class).hasMessageContaining("exceeds 2");
    }

    @Test
    void rejectsTruncatedAndLyingData() {
        assertThatThrownBy(() -> new XdrReader(new byte[3]).readInt()).isInstanceOf(XdrException.class)
                .hasMessageContaining("truncated");
        byte[] huge = {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> new XdrReader(huge).readString(1000)).isInstanceOf(XdrException.class);
        byte[] shortString = {0, 0, 0, 8, 'a', 'b'};
        assertThatThrownBy(() -> new XdrReader(shortString).readString(1000)).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrReader(new byte[] {0, 0, 0, 2}).readBool()).isInstanceOf(XdrException.class);
        assertThatThrownBy(() -> new XdrReader(new byte[] {0, 0, 0, 1, 'a', 1, 0, 0}).readString(10))
                .isInstanceOf(XdrException.class).hasMessageContaining("padding");
        assertThatThrownBy(() -> new XdrReader(new byte[] {0, 0, 0, 1, (byte) 0xff, 0, 0, 0}).readString(10))
                .isInstanceOf(XdrException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void framesPacketsWithTheirLength() throws Exception {
        Packet p = new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, 3, Header.CALL, 7, Header.OK), new byte[] {0, 0, 0, 9});
        byte[] wire = p.encode();
        assertThat(wire).hasSize(32);
        assertThat(wire[3]).isEqualTo((byte) 32);
        Packet back = Packet.read(new ByteArrayInputStream(wire));
        assertThat(back.header()).isEqualTo(p.header());
        assertThat(back.body()).containsExactly(0, 0, 0, 9);
        assertThat(Packet.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void rejectsBadFrames() {
        byte[] tooShort = {0, 0, 0, 27};
        assertThatThrownBy(() -> Packet.read(new ByteArrayInputStream(tooShort))).isInstanceOf(XdrException.class);
        byte[] tooLong = {0x7f, 0, 0, 0};
        assertThatThrownBy(() -> Packet.read(new ByteArrayInputStream(tooLong))).isInstanceOf(XdrException.class);
        byte[] truncated = {0, 0, 0, 40, 0, 0};
        assertThatThrownBy(() -> Packet.read(new ByteArrayInputStream(truncated)))
                .isInstanceOf(java.io.EOFException.class);
    }
}
