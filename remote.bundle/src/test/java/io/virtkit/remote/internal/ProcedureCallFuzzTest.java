package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.core.internal.DefaultConnectionFactory;
import io.virtkit.qemu.internal.qmp.FuzzHangBound;
import io.virtkit.test.internal.TestDriver;

/**
 * Coverage-guided fuzzing of every procedure's argument decoder through the real dispatch (issue 18): the input
 * chooses a procedure of {@link Procedure} and supplies its argument bytes; the call goes through
 * {@link RemoteSession#handle} on a session opened (read-write or read-only, as the input says) to the in-memory
 * test driver's {@code test:///default}, exactly as the daemon runs a client's call. A call must be answered with a
 * reply to it; a refused call with libvirt's error reply (never the internal error of an unexpected exception) and
 * with the driver's domains, networks and storage exactly as before (a {@link DriverStateSnapshot} each side).
 * A call that succeeds may change the driver: the next input then starts from a fresh one, so every input meets
 * the same state and a crash replays alone.
 *
 * <p>Input layout: byte 0 bit 0 set = open read-only; bytes 1-2 the procedure's libvirt number (big-endian), a
 * number Virtkit does not answer standing for the procedure at that index modulo the table's size; the rest is the
 * call's body. Without {@code JAZZER_FUZZ} the committed corpus ({@code ProcedureCallFuzzTestInputs/
 * callsEveryProcedure/}: a valid call of each procedure, built by {@link WireFuzzSeeds}) runs as a regression test;
 * {@code bench/fuzz/run} fuzzes (bench/README.md). Each input must finish within a second ({@link FuzzHangBound}).
 *
 * <p>The test driver writes a domain's save image where the caller says: a save whose path is not under
 * {@link #SAVE_DIR} is not run, so the fuzzer cannot overwrite files of the machine it runs on.
 */
class ProcedureCallFuzzTest {
    static final String OPEN_URI = "test:///default";
    /** The only place a fuzzed save may write to. */
    static final Path SAVE_DIR = Path.of("/tmp/virtkit-wirefuzz");
    private static final int HEADER_BYTES = 3;
    private static final Procedure[] PROCEDURES = Procedure.values();
    /** Held strongly: java.util.logging forgets the handlers of loggers nobody references. */
    private static final Logger SESSION_LOG = Logger.getLogger(RemoteSession.class.getName());
    private static final List<LogRecord> WARNINGS = new CopyOnWriteArrayList<>();
    private static final Handler WARNING_COLLECTOR = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                WARNINGS.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** The driver the calls go to, with the state it started with; replaced once a call changed it. */
    private static World world;
    private static int serial;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(SAVE_DIR);
        SESSION_LOG.addHandler(WARNING_COLLECTOR);
        world = new World();
        // classes loaded and the JIT warmed before the first timed input
        run(PROCEDURES[0], false, new byte[0]);
    }

    @AfterAll
    static void stop() throws IOException {
        SESSION_LOG.removeHandler(WARNING_COLLECTOR);
        world.close();
        try (Stream<Path> files = Files.walk(SAVE_DIR)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @FuzzTest
    void callsEveryProcedure(byte[] input) throws Throwable {
        FuzzHangBound.run(() -> call(input));
    }

    private static void call(byte[] input) {
        if (input.length < HEADER_BYTES) {
            return;
        }
        boolean readOnly = (input[0] & 1) != 0;
        int number = ((input[1] & 0xFF) << 8) | (input[2] & 0xFF);
        Procedure p = Procedure.of(number);
        if (p == null) {
            p = PROCEDURES[number % PROCEDURES.length];
        }
        byte[] body = Arrays.copyOfRange(input, HEADER_BYTES, input.length);
        if (writesOutsideSaveDir(p, body)) {
            return;
        }
        run(p, readOnly, body);
    }

    private static void run(Procedure p, boolean readOnly, byte[] body) {
        WARNINGS.clear();
        DriverStateSnapshot before = world.pristine;
        Header call = new Header(Header.REMOTE_PROGRAM, Header.REMOTE_VERSION, p.number(), Header.CALL, ++serial,
                Header.OK);
        Packet reply;
        StreamTable streams = new StreamTable(new DiscardingOutput(), Runnable::run);
        try (RemoteSession session = new RemoteSession(world.factory, false, event -> { })) {
            session.attachStreams(streams);
            open(session, readOnly);
            reply = session.handle(new Packet(call, body));
        } finally {
            streams.closeAll();
        }
        assertThat(WARNINGS).as("%s: nothing unexpected logged: %s", p, WARNINGS.stream()
                .map(r -> r.getMessage() + ": " + r.getThrown()).toList()).isEmpty();
        assertThat(reply).as("%s: the call is answered", p).isNotNull();
        assertThat(reply.header().status()).as("%s: reply status", p).isIn(Header.OK, Header.ERROR);
        assertThat(reply.header()).as("%s: the reply to the call", p).isEqualTo(call.reply(reply.header().status()));
        DriverStateSnapshot after = world.snapshot();
        if (reply.header().status() == Header.ERROR) {
            VirtException error = RemoteError.decode(reply.body());
            assertThat(error.code() == ErrorCode.INTERNAL_ERROR && error.domain() == ErrorDomain.REMOTE)
                    .as("%s: an unexpected exception: %s", p, error.getMessage()).isFalse();
            assertThat(after.text()).as("%s refused (%s): the driver is as it was", p, error.getMessage())
                    .isEqualTo(before.text());
        } else if (!after.equals(before)) {
            world.close();
            world = new World();
        }
    }

    private static void open(RemoteSession session, boolean readOnly) {
        byte[] args = new XdrWriter().writeOptionalString(OPEN_URI).writeInt(readOnly ? RemoteSession.CONNECT_RO : 0)
                .toByteArray();
        Packet opened = session.handle(new Packet(new Header(Header.REMOTE_PROGRAM, Header.REMOTE_VERSION,
                Procedure.CONNECT_OPEN.number(), Header.CALL, 0, Header.OK), args));
        assertThat(opened.header().status()).as("the session opens").isEqualTo(Header.OK);
    }

    /** A save (DOMAIN_SAVE, DOMAIN_SAVE_FLAGS: a domain, then the path) whose path is not under {@link #SAVE_DIR}. */
    static boolean writesOutsideSaveDir(Procedure p, byte[] body) {
        if (p != Procedure.DOMAIN_SAVE && p != Procedure.DOMAIN_SAVE_FLAGS) {
            return false;
        }
        try {
            XdrReader in = new XdrReader(body);
            RemoteTypes.readDomainRef(in);
            String path = in.readString(RemoteTypes.STRING_MAX);
            Path target = Path.of(path);
            return !target.isAbsolute() || !target.normalize().startsWith(SAVE_DIR);
        } catch (XdrException | java.nio.file.InvalidPathException e) {
            return false; // refused before the driver sees a path
        }
    }

    /** A test driver, a connection to read its state with, and the state it had when made. */
    private static final class World implements AutoCloseable {
        final ConnectionFactory factory = new DefaultConnectionFactory().withHypervisorDriver(new TestDriver());
        final Connection observer = factory.open(ConnectRequest.to(OPEN_URI));
        final DriverStateSnapshot pristine = snapshot();

        DriverStateSnapshot snapshot() {
            return DriverStateSnapshot.of(observer);
        }

        @Override
        public void close() {
            observer.close();
        }
    }

    /** Streams a fuzzed upload or download opens go nowhere: no client reads them. */
    private static final class DiscardingOutput implements StreamOutput {
        @Override
        public void send(Packet packet) {
        }

        @Override
        public void closeClient() {
        }
    }
}
