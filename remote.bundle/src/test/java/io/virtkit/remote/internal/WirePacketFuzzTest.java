package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;


import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.qemu.internal.qmp.FuzzHangBound;

/**
 * Coverage-guided fuzzing of the remote packet decoder (issue 18): the bytes a client sends, cut into packets the two
 * ways the daemon and the clients do it ({@link Packet#take} on the server's socket buffer, heap or direct, fed in
 * pieces as reads deliver them; {@link Packet#read} on a blocking stream, the remote driver's), then each packet's
 * header judged as {@link RemoteSession} judges it and its body as a stream packet or an error reply. The only
 * failures allowed are the decoder's own ({@link XdrException}, {@link EOFException}); both ways must agree packet
 * for packet, and every packet must encode back to exactly the bytes it came from.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed corpus ({@code WirePacketFuzzTestInputs/decodesClientBytes/}) runs as a
 * regression test; {@code bench/fuzz/run} fuzzes (bench/README.md). Each input must finish within a second
 * ({@link FuzzHangBound}).
 */
class WirePacketFuzzTest {
    /** The first input byte: how many bytes each simulated socket read delivers (1..256) and which buffer kind. */
    private static final int CONTROL_BYTES = 1;

    @FuzzTest
    void decodesClientBytes(byte[] input) throws Throwable {
        FuzzHangBound.run(() -> decode(input));
    }

    private static void decode(byte[] input) throws IOException {
        if (input.length < CONTROL_BYTES) {
            return;
        }
        int control = input[0] & 0xFF;
        byte[] wire = Arrays.copyOfRange(input, CONTROL_BYTES, input.length);
        Decoded fromBuffer = takeFromBuffer(wire, (control & 0x7F) + 1, (control & 0x80) != 0);
        Decoded fromStream = readFromStream(wire);

        assertThat(fromStream.packets()).as("both decoders find the same packets").hasSameSizeAs(fromBuffer.packets());
        for (int i = 0; i < fromBuffer.packets().size(); i++) {
            Packet a = fromBuffer.packets().get(i);
            Packet b = fromStream.packets().get(i);
            assertThat(b.header()).isEqualTo(a.header());
            assertThat(b.body()).isEqualTo(a.body());
        }
        // the buffer leaves a cut-short packet for the next read; the stream reports it as the end inside a packet
        assertThat(fromStream.failure() instanceof XdrException).as("a bad length word is refused by both")
                .isEqualTo(fromBuffer.failure() instanceof XdrException);
        int offset = 0;
        try (RemoteSession session = new RemoteSession(new NoConnections(), true, events -> { })) {
            for (Packet p : fromBuffer.packets()) {
                byte[] encoded = p.encode();
                assertThat(Arrays.copyOfRange(wire, offset, offset + encoded.length))
                        .as("packet at %d re-encoded", offset).isEqualTo(encoded);
                offset += encoded.length;
                judge(p, session);
            }
        }
    }

    /** What {@link RemoteSession} and the stream code make of a decoded packet, short of running a procedure. */
    private static void judge(Packet packet, RemoteSession session) {
        Header h = packet.header();
        if (StreamPacket.isStream(h)) {
            try {
                StreamPacket s = StreamPacket.decode(packet);
                Packet again = s.encode(StreamPacket.Id.of(h));
                assertThat(again.header()).as("a stream packet re-encoded")
                        .isEqualTo(new Header(Header.REMOTE_PROGRAM, Header.REMOTE_VERSION, h.procedure(), h.type(),
                                h.serial(), h.status()));
                assertThat(again.body()).as("a stream packet's body re-encoded").isEqualTo(packet.body());
            } catch (XdrException refused) {
                // a stream packet libvirt does not allow: the daemon drops the client
            }
            return;
        }
        if (h.type() == Header.REPLY && h.status() == Header.ERROR) {
            try {
                assertThat(RemoteError.decode(packet.body())).isNotNull(); // the remote driver's side
            } catch (XdrException refused) {
                // a daemon's garbled error: the driver reports the decoding failure
            }
            return;
        }
        // a session that never opened a connection: header checks, then "connection not open" or a decoding error,
        // each an error reply to the call; never an exception
        Packet reply = session.handle(packet);
        if (h.type() == Header.CALL || h.type() == Header.CALL_WITH_FDS) {
            assertThat(reply).as("a call is always answered").isNotNull();
            assertThat(reply.header().status()).isIn(Header.OK, Header.ERROR);
            assertThat(reply.header()).isEqualTo(h.reply(reply.header().status()));
            if (reply.header().status() == Header.ERROR) {
                VirtException error = RemoteError.decode(reply.body());
                assertThat(error.code() == ErrorCode.INTERNAL_ERROR && error.domain() == ErrorDomain.REMOTE)
                        .as("an unexpected exception for %s: %s", h, error.getMessage()).isFalse();
            }
        }
    }

    /** No driver behind the session: a fuzzed CONNECT_OPEN is refused as a URI no driver serves. */
    private static final class NoConnections implements ConnectionFactory {
        @Override
        public Connection open(ConnectRequest request) {
            throw new VirtException(ErrorCode.NO_CONNECT, ErrorDomain.NONE, request.uri());
        }

        @Override
        public List<DriverInfo> drivers() {
            return List.of();
        }
    }

    private static Decoded takeFromBuffer(byte[] wire, int readSize, boolean direct) {
        List<Packet> packets = new ArrayList<>();
        ByteBuffer buffer = direct ? ByteBuffer.allocateDirect(wire.length) : ByteBuffer.allocate(wire.length);
        buffer.flip();
        StreamBodies bodies = new StreamBodies();
        int delivered = 0;
        try {
            while (true) {
                int needed = Packet.needed(buffer);
                Packet p = Packet.take(buffer, bodies);
                if (p != null) {
                    assertThat(needed).as("the size of the whole packet").isEqualTo(p.encode().length);
                    packets.add(p);
                    continue;
                }
                if (delivered == wire.length) {
                    return new Decoded(packets, null);
                }
                // one more socket read appends behind what is still unconsumed
                int n = Math.min(readSize, wire.length - delivered);
                buffer.compact();
                buffer.put(wire, delivered, n);
                buffer.flip();
                delivered += n;
            }
        } catch (XdrException e) {
            return new Decoded(packets, e);
        }
    }

    private static Decoded readFromStream(byte[] wire) throws IOException {
        List<Packet> packets = new ArrayList<>();
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        try {
            for (Packet p = Packet.read(in); p != null; p = Packet.read(in)) {
                packets.add(p);
            }
            return new Decoded(packets, null);
        } catch (XdrException | EOFException e) {
            return new Decoded(packets, e);
        }
    }

    private record Decoded(List<Packet> packets, Exception failure) {
    }
}
