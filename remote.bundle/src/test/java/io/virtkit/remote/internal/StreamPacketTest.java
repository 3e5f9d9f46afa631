package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The stream packets' wire form, worked out by hand from virnetprotocol.x. */
class StreamPacketTest {
    private static final StreamPacket.Id VOL_UPLOAD = new StreamPacket.Id(208, 7);

    @Test
    void dataIsAStreamPacketWithStatusContinue() {
        byte[] wire = StreamPacket.data(new byte[] {1, 2, 3}).encode(VOL_UPLOAD).encode();
        assertThat(wire).containsExactly(
                0, 0, 0, 31, // length: itself, 24 of header, 3 of data
                0x20, 0x00, 0x80, 0x86, 0, 0, 0, 1, // remote program, version 1
                0, 0, 0, (byte) 208, 0, 0, 0, 3, // procedure, VIR_NET_STREAM
                0, 0, 0, 7, 0, 0, 0, 2, // serial, VIR_NET_CONTINUE
                1, 2, 3); // raw, unpadded: a stream's body is not XDR opaque
    }

    @Test
    void aLargeDataPacketGoesOutAsItsHeaderThenItsBodyUncopied() {
        byte[] body = new byte[StreamPacket.DATA_MAX];
        java.util.Arrays.fill(body, (byte) 5);
        Packet packet = StreamPacket.data(body).encode(VOL_UPLOAD);
        java.nio.ByteBuffer[] wire = packet.wire();
        assertThat(wire).hasSize(2);
        assertThat(wire[1].array()).isSameAs(body);
        java.nio.ByteBuffer joined = java.nio.ByteBuffer.allocate(wire[0].remaining() + wire[1].remaining());
        joined.put(wire[0]).put(wire[1]);
        assertThat(joined.array()).isEqualTo(packet.encode());
        java.nio.ByteBuffer[] small = StreamPacket.data(new byte[] {1, 2, 3}).encode(VOL_UPLOAD).wire();
        assertThat(small).hasSize(1);
        assertThat(small[0].array()).isEqualTo(StreamPacket.data(new byte[] {1, 2, 3}).encode(VOL_UPLOAD).encode());
    }

    @Test
    void holeIsAStreamHolePacketWithLengthAndFlags() {
        byte[] wire = StreamPacket.hole(0x1_0000_0000L, 0).encode(VOL_UPLOAD).encode();
        assertThat(wire).containsExactly(
                0, 0, 0, 40,
                0x20, 0x00, 0x80, 0x86, 0, 0, 0, 1,
                0, 0, 0, (byte) 208, 0, 0, 0, 6, // VIR_NET_STREAM_HOLE
                0, 0, 0, 7, 0, 0, 0, 2,
                0, 0, 0, 1, 0, 0, 0, 0, // hyper length 2^32
                0, 0, 0, 0); // flags
    }

    @Test
    void finishIsAnEmptyOkStreamPacketAndAbortAnError() {
        assertThat(StreamPacket.finish().encode(VOL_UPLOAD).encode()).containsExactly(
                0, 0, 0, 28, 0x20, 0x00, 0x80, 0x86, 0, 0, 0, 1, 0, 0, 0, (byte) 208, 0, 0, 0, 3, 0, 0, 0, 7, 0, 0, 0, 0);
        Packet abort = StreamPacket.abort(new byte[] {0, 0, 0, 1}).encode(VOL_UPLOAD);
        assertThat(abort.header().type()).isEqualTo(Header.STREAM);
        assertThat(abort.header().status()).isEqualTo(Header.ERROR);
        assertThat(abort.body()).containsExactly(0, 0, 0, 1);
    }

    @Test
    void decodesWhatItEncodes() {
        for (StreamPacket p : new StreamPacket[] {StreamPacket.data(new byte[] {5}), StreamPacket.hole(4096, 0),
                StreamPacket.finish(), StreamPacket.abort(new byte[0])}) {
            StreamPacket back = StreamPacket.decode(p.encode(VOL_UPLOAD));
            assertThat(back.kind()).isEqualTo(p.kind());
            assertThat(back.data()).isEqualTo(p.data());
            assertThat(back.holeLength()).isEqualTo(p.holeLength());
        }
    }

    @Test
    void refusesMalformedStreamPackets() {
        Header hole = new Header(RemoteSession.REMOTE_PROGRAM, 1, 208, Header.STREAM_HOLE, 7, Header.CONTINUE);
        assertThatThrownBy(() -> StreamPacket.decode(new Packet(hole, new byte[8])))
                .isInstanceOf(XdrException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> StreamPacket.decode(new Packet(hole, new byte[16])))
                .isInstanceOf(XdrException.class).hasMessageContaining("too many");
        Header okHole = new Header(RemoteSession.REMOTE_PROGRAM, 1, 208, Header.STREAM_HOLE, 7, Header.OK);
        assertThatThrownBy(() -> StreamPacket.decode(new Packet(okHole, new byte[12])))
                .isInstanceOf(XdrException.class);
        Header finishWithData = new Header(RemoteSession.REMOTE_PROGRAM, 1, 208, Header.STREAM, 7, Header.OK);
        assertThatThrownBy(() -> StreamPacket.decode(new Packet(finishWithData, new byte[4])))
                .isInstanceOf(XdrException.class);
        Header badStatus = new Header(RemoteSession.REMOTE_PROGRAM, 1, 208, Header.STREAM, 7, 9);
        assertThatThrownBy(() -> StreamPacket.decode(new Packet(badStatus, new byte[0])))
                .isInstanceOf(XdrException.class);
    }
}
