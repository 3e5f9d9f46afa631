package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Consumer;

/** Calls into a {@link RemoteSession} without a socket, for the dispatch tests: a call in, its reply checked. */
final class SessionCalls {
    private SessionCalls() {
    }

    /** The reply to procedure {@code proc} with the arguments {@code args} write, as call {@code serial}. */
    static Packet call(RemoteSession s, int serial, int proc, Consumer<XdrWriter> args) {
        XdrWriter w = new XdrWriter();
        args.accept(w);
        Packet reply = s.handle(new Packet(
                new Header(RemoteSession.REMOTE_PROGRAM, 1, proc, Header.CALL, serial, Header.OK), w.toByteArray()));
        assertThat(reply.header().type()).isEqualTo(Header.REPLY);
        assertThat(reply.header().serial()).isEqualTo(serial);
        assertThat(reply.header().procedure()).isEqualTo(proc);
        return reply;
    }

    /** A successful call's reply body, ready to read; a failed call fails the test with its message. */
    static XdrReader ok(RemoteSession s, int serial, int proc, Consumer<XdrWriter> args) {
        Packet r = call(s, serial, proc, args);
        if (r.header().status() != Header.OK) {
            XdrReader e = new XdrReader(r.body());
            e.readInt();
            e.readInt();
            throw new AssertionError("procedure " + proc + " failed: " + e.readOptionalString(1 << 20));
        }
        return new XdrReader(r.body());
    }

    /** {@code reply} is a remote_error with this code, domain and message. */
    static void assertError(Packet reply, int code, int domain, String message) {
        assertThat(reply.header().status()).isEqualTo(Header.ERROR);
        XdrReader r = new XdrReader(reply.body());
        assertThat(r.readInt()).as("code").isEqualTo(code);
        assertThat(r.readInt()).as("domain").isEqualTo(domain);
        assertThat(r.readOptionalString(1 << 20)).isEqualTo(message);
        assertThat(r.readInt()).as("level: error").isEqualTo(2);
    }
}
