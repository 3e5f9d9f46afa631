package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** The dispatcher without a socket: calls in, replies and remote_error bodies out. */
class RemoteSessionTest {
    private final TestDriverFactory factory = new TestDriverFactory();
    private final RemoteSession session = new RemoteSession(factory, false, p -> { });
    private int serial;

    @AfterEach
    void close() {
        session.close();
        assertThat(factory.opened).noneMatch(Connection::isAlive);
    }

    private Packet call(int proc, Consumer<XdrWriter> args) {
        XdrWriter w = new XdrWriter();
        args.accept(w);
        Packet reply = session.handle(new Packet(
                new Header(RemoteSession.REMOTE_PROGRAM, 1, proc, Header.CALL, ++serial, Header.OK), w.toByteArray()));
        assertThat(reply.header().type()).isEqualTo(Header.REPLY);
        assertThat(reply.header().serial()).isEqualTo(serial);
        assertThat(reply.header().procedure()).isEqualTo(proc);
        return reply;
    }

    private void open() {
        Packet r = call(1, w -> w.writeOptionalString("test+unix:///default").writeInt(0));
        assertThat(r.header().status()).isEqualTo(Header.OK);
    }

    private static void assertError(Packet reply, int code, int domain, String message) {
        assertThat(reply.header().status()).isEqualTo(Header.ERROR);
        XdrReader r = new XdrReader(reply.body());
        assertThat(r.readInt()).isEqualTo(code);
        assertThat(r.readInt()).isEqualTo(domain);
        assertThat(r.readOptionalString(1 << 20)).isEqualTo(message);
        assertThat(r.readInt()).isEqualTo(2);
    }

    @Test
    void authListOffersNone() {
        Packet r = call(66, w -> { });
        assertThat(new XdrReader(r.body()).readArray(20, XdrReader::readInt)).containsExactly(0);
    }

    @Test
    void opensTheUriWithoutTransportAndAnswersQueries() {
        open();
        assertThat(new XdrReader(call(3, w -> { }).body()).readString(100)).isEqualTo("TEST");
        assertThat(new XdrReader(call(110, w -> { }).body()).readString(100)).isEqualTo("test:///default");
        XdrReader list = new XdrReader(call(273, w -> w.writeInt(1).writeInt(0)).body());
        assertThat(list.readInt()).isEqualTo(1);
        assertThat(list.readString(100)).isEqualTo("test");
        list.readFixedOpaque(16);
        assertThat(list.readInt()).isEqualTo(1);
        assertThat(list.readUnsigned()).isEqualTo(1);
    }

    @Test
    void apiErrorsTravelWithTheirCodeDomainAndMessage() {
        open();
        String expected;
        try (Connection c = factory.open("test:///default")) {
            VirtException e = org.assertj.core.api.Assertions.catchThrowableOfType(
                    () -> c.lookupDomainByName("nosuch"), VirtException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN);
            expected = e.getMessage();
            assertError(call(23, w -> w.writeString("nosuch")), e.code().number(), e.domain().number(), expected);
        }
        assertThat(expected).contains("nosuch");
    }

    @Test
    void unknownProcedureIsNoSupport() {
        open();
        assertError(call(9999, w -> { }), 3, ErrorDomain.REMOTE.number(),
                "this function is not supported by the connection driver: remote procedure 9999");
    }

    @Test
    void callsBeforeOpenAndBadArgumentsAreErrorsNotCrashes() {
        assertError(call(3, w -> { }), ErrorCode.INTERNAL_ERROR.number(), ErrorDomain.RPC.number(),
                "internal error: connection not open");
        open();
        Packet bad = call(23, w -> w.writeInt(1000));
        assertThat(bad.header().status()).isEqualTo(Header.ERROR);
        assertThat(new XdrReader(bad.body()).readInt()).isEqualTo(ErrorCode.RPC.number());
        Packet flags = call(212, w -> w.writeString("test").writeFixedOpaque(new byte[16], 16).writeInt(1).writeInt(0x40));
        assertThat(flags.header().status()).isEqualTo(Header.ERROR);
    }

    @Test
    void keepalivePingGetsPong() {
        Packet pong = session.handle(new Packet(
                new Header(RemoteSession.KEEPALIVE_PROGRAM, 1, RemoteSession.KEEPALIVE_PING, Header.MESSAGE, 0, Header.OK),
                new byte[0]));
        assertThat(pong.header().procedure()).isEqualTo(RemoteSession.KEEPALIVE_PONG);
        assertThat(pong.header().type()).isEqualTo(Header.MESSAGE);
    }

    @Test
    void stripsTheTransport() {
        assertThat(RemoteSession.stripTransport("test+unix:///default?socket=/x")).isEqualTo("test:///default?socket=/x");
        assertThat(RemoteSession.stripTransport("qemu:///system")).isEqualTo("qemu:///system");
        assertThatThrownBy(() -> factory.open("nosuch:///x")).isInstanceOf(VirtException.class);
    }
}
