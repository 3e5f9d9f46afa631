package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

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

        // plain checks, not AssertJ: this runs a million times
        check(fromStream.packets().size() == fromBuffer.packets().size(), "both decoders find the same packets");
        for (int i = 0; i < fromBuffer.packets().size(); i++) {
            Packet a = fromBuffer.packets().get(i);
            Packet b = fromStream.packets().get(i);
            check(a.header().equals(b.header()) && Arrays.equals(a.body(), b.body()), "packet " + i + " differs");
        }
        // the buffer leaves a cut-short packet for the next read; the stream reports it as the end inside a packet
        check(fromStream.failure() instanceof XdrException == fromBuffer.failure() instanceof XdrException,
                "a bad length word is refused by both");
        int offset = 0;
        try (RemoteSession session = new RemoteSession(new NoConnections(), true, events -> { })) {
            for (Packet p : fromBuffer.packets()) {
                byte[] encoded = p.encode();
                check(Arrays.equals(wire, offset, offset + encoded.length, encoded, 0, encoded.length),
                        "packet at " + offset + " re-encoded");
                offset += encoded.length;
                judge(p, session);
            }
        }
    }

    /** Found by this target: a CALL to the keepalive program went unanswered, its caller left waiting forever. */
    @Test
    void aCallToTheKeepaliveProgramIsAnsweredAsOneToAnUnknownProgram() {
        Header call = new Header(Header.KEEPALIVE_PROGRAM, Header.KEEPALIVE_VERSION, Header.KEEPALIVE_PING,
                Header.CALL, 5, Header.OK);
        try (RemoteSession session = new RemoteSession(new NoConnections(), false, events -> { })) {
            Packet reply = session.handle(new Packet(call, new byte[0]));
            assertThat(reply.header()).isEqualTo(call.reply(Header.ERROR));
            VirtException error = RemoteError.decode(reply.body());
            assertThat(error.code()).isEqualTo(ErrorCode.RPC);
            assertThat(error.getMessage()).contains("cannot find program " + Header.KEEPALIVE_PROGRAM + " version 1");
            // the keepalive messages themselves are unchanged: PING answered with PONG, PONG with nothing
            Packet pong = session.handle(new Packet(new Header(Header.KEEPALIVE_PROGRAM, 1, Header.KEEPALIVE_PING,
                    Header.MESSAGE, 0, Header.OK), new byte[0]));
            assertThat(pong.header().procedure()).isEqualTo(Header.KEEPALIVE_PONG);
            assertThat(session.handle(new Packet(new Header(Header.KEEPALIVE_PROGRAM, 1, Header.KEEPALIVE_PONG,
                    Header.MESSAGE, 0, Header.OK), new byte[0]))).isNull();
        }
    }

    /** Found by this target: a packet cut short after a length word claiming 16 MiB allocated the 16 MiB first. */
    @Test
    void aPacketCutShortCostsWhatArrivedNotWhatItsLengthClaims() {
        byte[] claim = new XdrWriter().writeInt(16 * 1024 * 1024).writeInt(Header.REMOTE_PROGRAM).writeInt(1)
                .writeInt(Procedure.CONNECT_OPEN.number()).writeInt(Header.CALL).writeInt(1).writeInt(Header.OK)
                .writeInt(0).toByteArray();
        int[] largestBuffer = {0};
        ByteArrayInputStream wire = new ByteArrayInputStream(claim) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                largestBuffer[0] = Math.max(largestBuffer[0], b.length);
                return super.read(b, off, len);
            }
        };
        assertThatThrownBy(() -> Packet.read(wire)).isInstanceOf(EOFException.class);
        assertThat(largestBuffer[0]).as("the largest buffer the reader filled").isLessThanOrEqualTo(64 * 1024);
    }

    /** What {@link RemoteSession} and the stream code make of a decoded packet, short of running a procedure. */
    private static void judge(Packet packet, RemoteSession session) {
        Header h = packet.header();
        if (StreamPacket.isStream(h)) {
            try {
                StreamPacket s = StreamPacket.decode(packet);
                Packet again = s.encode(StreamPacket.Id.of(h));
                check(again.header().equals(new Header(Header.REMOTE_PROGRAM, Header.REMOTE_VERSION, h.procedure(),
                        h.type(), h.serial(), h.status())), "a stream packet's header re-encoded");
                check(Arrays.equals(again.body(), packet.body()), "a stream packet's body re-encoded");
            } catch (XdrException refused) {
                // a stream packet libvirt does not allow: the daemon drops the client
            }
            return;
        }
        if (h.type() == Header.REPLY && h.status() == Header.ERROR) {
            try {
                check(RemoteError.decode(packet.body()) != null, "an error reply decodes"); // the remote driver's side
            } catch (XdrException refused) {
                // a daemon's garbled error: the driver reports the decoding failure
            }
            return;
        }
        // a session that never opened a connection: header checks, then "connection not open" or a decoding error,
        // each an error reply to the call; never an exception
        Packet reply = session.handle(packet);
        if (h.type() == Header.CALL || h.type() == Header.CALL_WITH_FDS) {
            check(reply != null, "a call is always answered");
            int status = reply.header().status();
            check((status == Header.OK || status == Header.ERROR) && reply.header().equals(h.reply(status)),
                    "the reply to " + h + " is " + reply.header());
            if (status == Header.ERROR) {
                VirtException error = RemoteError.decode(reply.body());
                check(error.code() != ErrorCode.INTERNAL_ERROR || error.domain() != ErrorDomain.REMOTE,
                        "an unexpected exception for " + h + ": " + error.getMessage());
            }
        }
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
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
                    check(needed == Packet.LENGTH_SIZE + Header.SIZE + p.body().length, "needed: the whole packet");
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
}
