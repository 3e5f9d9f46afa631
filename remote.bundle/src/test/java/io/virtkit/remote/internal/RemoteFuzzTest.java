package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;

/**
 * Bad input against a running {@link RemoteServer}: framing out of bounds, packets cut short, garbage
 * arguments for every procedure, wrong program/version/type, random streams and bit-flipped valid calls.
 * After each batch a well-behaved client must still be served and the server must be back to the threads
 * and file descriptors it had before. Random input is seeded; the seed is printed and
 * {@code -Dvirtkit.fuzz.seed=N} replays a run.
 */
class RemoteFuzzTest {
    private static final long SEED = Long.getLong("virtkit.fuzz.seed", System.nanoTime());
    /** The highest procedure number tried; libvirt 9.0's remote program ends a little below it. */
    private static final int LAST_PROCEDURE = 450;
    private static final String OPEN_URI = "test:///default";
    private static final String DOMAIN_XML = """
            <domain type='test'><name>fuzzed</name><memory>65536</memory><vcpu>1</vcpu>\
            <os><type>hvm</type></os></domain>""";
    /** Held strongly: java.util.logging forgets the handlers of loggers nobody references. */
    private static final Logger SERVER_LOG = Logger.getLogger("io.virtkit.remote");

    @TempDir
    Path dir;
    private Path socket;
    private TestDriverFactory factory;
    private RemoteServer server;
    private String hostname;
    private Random random;
    private int baselineThreads;
    private int baselineFds;
    private final List<LogRecord> serverWarnings = new CopyOnWriteArrayList<>();
    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final Handler warningCollector = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                serverWarnings.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Thread.UncaughtExceptionHandler previousHandler;

    /** A reply's {@code remote_error}. */
    record RemoteError(int code, int domain, String message) {}

    @BeforeAll
    static void printSeed() {
        System.out.println("RemoteFuzzTest seed " + SEED + " (replay with -Dvirtkit.fuzz.seed=" + SEED + ")");
    }

    @BeforeEach
    void start(TestInfo test) throws Exception {
        random = new Random(SEED ^ test.getTestMethod().orElseThrow().getName().hashCode());
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        SERVER_LOG.addHandler(warningCollector);
        socket = dir.resolve("virtkit-sock");
        factory = new TestDriverFactory();
        try (Connection c = factory.open(OPEN_URI)) {
            hostname = c.hostname();
        }
        server = new RemoteServer(socket, factory);
        server.start();
        // one full conversation first, so that what is created once (worker threads, classes) is in the baseline
        assertWellBehavedClientIsServed();
        awaitClientsGone();
        baselineThreads = serverThreadsExceptWorkers().size();
        baselineFds = openFds().size();
    }

    @AfterEach
    void checkRecoveredAndStop() throws Exception {
        try {
            assertWellBehavedClientIsServed();
            awaitClientsGone();
            // A leak never goes back to the baseline; a descriptor the JVM opens for a moment on its own (it reads its
            // cgroup's memory.limit_in_bytes now and then) must not fail a check made just after the wait succeeded.
            boolean recovered = await(
                    () -> serverThreadsExceptWorkers().size() <= baselineThreads && openFds().size() <= baselineFds);
            if (!recovered) {
                assertThat(serverThreadsExceptWorkers()).as("threads (seed %d)", SEED)
                        .hasSizeLessThanOrEqualTo(baselineThreads);
                assertThat(openFds()).as("open file descriptors (seed %d)", SEED).hasSizeLessThanOrEqualTo(baselineFds);
            }
            assertThat(workerThreads()).as("the worker pool stays bounded").isLessThanOrEqualTo(64);
            assertThat(uncaught).as("exceptions escaping server threads (seed %d)", SEED).isEmpty();
            assertThat(serverWarnings).as("server warnings (seed %d): %s", SEED, describe(serverWarnings)).isEmpty();
        } finally {
            SERVER_LOG.removeHandler(warningCollector);
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
            server.close();
        }
    }

    @Test
    void lengthWordOutOfBoundsDropsTheClientAtOnce() throws Exception {
        long[] lengths = {0, 1, 4, Packet.LENGTH_SIZE + Header.SIZE - 1,
                Packet.LENGTH_SIZE + Packet.MAX_PAYLOAD + 1L, 0x7fffffffL, 0x80000000L, 0xffffffffL};
        for (long length : lengths) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                byte[] wire = ByteBuffer.allocate(12).putInt((int) length).putLong(random.nextLong()).array();
                c.send(wire);
                // no half-close: the server must not wait for a body it will never accept
                assertThat(c.readUntilClosed()).as("length %d", length).isZero();
            }
        }
    }

    @Test
    void packetsCutShortThenDisconnectLeaveNothingBehind() throws Exception {
        List<RawRpcClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                RawRpcClient c = RawRpcClient.connect(socket);
                stalled.add(c);
                byte[] call = RawRpcClient.call(59, 1, randomBytes(100));
                // mid-length-word, mid-header or mid-body
                int cut = switch (i % 3) {
                    case 0 -> 1 + random.nextInt(Packet.LENGTH_SIZE - 1);
                    case 1 -> Packet.LENGTH_SIZE + 1 + random.nextInt(Header.SIZE - 1);
                    default -> Packet.LENGTH_SIZE + Header.SIZE + 1 + random.nextInt(99);
                };
                c.send(java.util.Arrays.copyOf(call, cut));
            }
            // the server holds all of them, each waiting for the rest of its packet...
            await(() -> server.clientCount() >= 40);
            assertThat(server.clientCount()).isGreaterThanOrEqualTo(40);
            // ...and still serves everyone else
            assertWellBehavedClientIsServed();
        } finally {
            stalled.forEach(RawRpcClient::close);
        }
        awaitClientsGone();

        // a client that sends whole calls and goes away without reading the replies
        for (int i = 0; i < 20; i++) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                c.send(RawRpcClient.call(1, 1, openBody(OPEN_URI)));
                for (int serial = 2; serial < 7; serial++) {
                    c.send(RawRpcClient.call(7, serial, new byte[0])); // capabilities: a big reply
                }
            }
        }
    }

    @Test
    void garbageArgumentsForEveryProcedureGetAnErrorReply() throws Exception {
        List<String> internalErrors = new ArrayList<>();
        int replies = 0;
        int errors = 0;
        try (RawRpcClient c = RawRpcClient.connect(socket)) {
            open(c);
            for (int proc = 0; proc <= LAST_PROCEDURE; proc++) {
                for (byte[] body : garbageBodies()) {
                    Packet reply;
                    try {
                        reply = c.call(proc, body);
                    } catch (IOException e) {
                        throw new AssertionError("procedure " + proc + " with " + body.length
                                + " bytes of garbage dropped the connection (seed " + SEED + ")", e);
                    }
                    assertReplyHeader(reply, proc);
                    replies++;
                    if (reply.header().status() == Header.ERROR) {
                        errors++;
                        RemoteError e = decodeError(reply.body());
                        if (looksLikeAJavaException(e)) {
                            internalErrors.add("procedure " + proc + ": " + e);
                        }
                    }
                }
                if (proc == 1 || proc == 2) {
                    c.call(2, new byte[0]); // whatever garbage did to the connection, start it afresh
                    open(c);
                }
            }
        }
        assertThat(replies).isEqualTo((LAST_PROCEDURE + 1) * 4);
        assertThat(errors).as("garbage is mostly refused").isGreaterThan(replies / 2);
        // garbage must be refused as bad arguments or by the driver, not by a Java exception inside the server
        assertThat(internalErrors).as("Java exceptions turned into errors (seed %d)", SEED).isEmpty();
    }

    @Test
    void pipelinedAndConcurrentGarbageIsAllAnswered() throws Exception {
        // many calls outstanding on one connection (beyond the per-client limit): every serial gets its reply
        try (RawRpcClient c = RawRpcClient.connect(socket)) {
            open(c);
            java.util.Set<Integer> expected = new java.util.HashSet<>();
            for (int i = 0; i < 300; i++) {
                int serial = c.nextSerial();
                expected.add(serial);
                int proc = 3 + random.nextInt(LAST_PROCEDURE - 2); // not OPEN/CLOSE: the connection stays open
                assertThat(c.send(RawRpcClient.call(proc, serial, garbageBodies().get(random.nextInt(4))))).isTrue();
            }
            while (!expected.isEmpty()) {
                Packet p = c.read();
                assertThat(p).as("replies missing for serials %s (seed %d)", expected, SEED).isNotNull();
                if (p.header().type() == Header.REPLY) {
                    assertThat(expected.remove(p.header().serial())).as("one reply per serial").isTrue();
                }
            }
        }
        // several garbage clients at once, each on its own connection, plus a well-behaved one
        long[] seeds = random.longs(8).toArray();
        List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(seeds.length);
        try {
            for (long seed : seeds) {
                results.add(pool.submit(() -> garbageConversation(new Random(seed), 150)));
            }
            for (int i = 0; i < 20; i++) {
                assertWellBehavedClientIsServed();
            }
            for (java.util.concurrent.Future<Integer> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(150);
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** One client's lockstep run of {@code calls} garbage calls; returns how many were answered. */
    private int garbageConversation(Random r, int calls) throws IOException {
        int answered = 0;
        try (RawRpcClient c = RawRpcClient.connect(socket)) {
            open(c);
            for (int i = 0; i < calls; i++) {
                int proc = 3 + r.nextInt(LAST_PROCEDURE - 2);
                byte[] body = new byte[r.nextInt(128)];
                r.nextBytes(body);
                Packet reply = c.call(proc, body);
                assertReplyHeader(reply, proc);
                answered++;
            }
        }
        return answered;
    }

    @Test
    void wrongProgramVersionOrTypeIsAnsweredOrDropped() throws Exception {
        // a CALL for one of libvirt's programs Virtkit does not serve, or another version: libvirt answers with an
        // RPC error and keeps the client
        int[][] programVersions = {{RemoteSession.REMOTE_PROGRAM, 2}, {RemoteSession.REMOTE_PROGRAM, 0},
                {0x20008087, 1}};
        for (int[] pv : programVersions) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                c.send(packet(pv[0], pv[1], 59, Header.CALL, 77, Header.OK, new byte[0]));
                Packet reply = c.read();
                assertThat(reply).as("reply to program %x version %d", pv[0], pv[1]).isNotNull();
                assertThat(reply.header().type()).isEqualTo(Header.REPLY);
                assertThat(reply.header().serial()).isEqualTo(77);
                assertThat(reply.header().status()).isEqualTo(Header.ERROR);
                assertThat(decodeError(reply.body()).code()).isEqualTo(ErrorCode.RPC.number());
                open(c);
                assertThat(hostname(c)).isEqualTo(hostname);
            }
        }
        // a program libvirt does not have is not libvirt's protocol: the client is cut off at the header
        for (int program : new int[] {0x12345678, 0}) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                c.send(packet(program, 1, 59, Header.CALL, 77, Header.OK, new byte[0]));
                assertThat(c.read()).as("reply to program %x", program).isNull();
            }
        }
        // any other type or status, any keepalive procedure: answered, ignored or dropped, never a hang
        int[] types = {Header.REPLY, Header.MESSAGE, Header.STREAM, Header.CALL_WITH_FDS, Header.REPLY_WITH_FDS,
                Header.STREAM_HOLE, 7, 99, -1};
        int[] statuses = {Header.OK, Header.ERROR, Header.CONTINUE, 3, -1};
        for (int program : new int[] {RemoteSession.REMOTE_PROGRAM, RemoteSession.KEEPALIVE_PROGRAM}) {
            for (int type : types) {
                for (int status : statuses) {
                    int proc = random.nextInt(LAST_PROCEDURE);
                    byte[] body = random.nextBoolean() ? new byte[0] : randomBytes(random.nextInt(64));
                    try (RawRpcClient c = RawRpcClient.connect(socket)) {
                        if (c.send(packet(program, 1, proc, type, 5, status, body))) {
                            assertStillAnsweredOrClosed(c);
                        }
                    }
                }
            }
        }
        // keepalive PING is answered with PONG
        try (RawRpcClient c = RawRpcClient.connect(socket)) {
            c.send(packet(RemoteSession.KEEPALIVE_PROGRAM, 1, RemoteSession.KEEPALIVE_PING, Header.MESSAGE, 0,
                    Header.OK, new byte[0]));
            Packet pong = c.read();
            assertThat(pong).isNotNull();
            assertThat(pong.header().program()).isEqualTo(RemoteSession.KEEPALIVE_PROGRAM);
            assertThat(pong.header().procedure()).isEqualTo(RemoteSession.KEEPALIVE_PONG);
        }
    }

    @Test
    void randomByteStreamsNeverTakeTheServerDown() throws Exception {
        for (int i = 0; i < 400; i++) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                byte[] junk = randomBytes(1 + random.nextInt(4096));
                if (i % 2 == 0 && junk.length >= Packet.LENGTH_SIZE) {
                    // a plausible length word gets the junk past the framing check into the header and body
                    ByteBuffer.wrap(junk).putInt(0, Packet.LENGTH_SIZE + Header.SIZE + random.nextInt(junk.length));
                }
                c.send(junk);
                c.shutdownOutput();
                c.readUntilClosed(); // every packet read back must be well-formed; then the server closes
            }
        }
    }

    @Test
    void bitFlippedValidCallsAreAnsweredOrDropped() throws Exception {
        byte[] open = RawRpcClient.call(1, 1, openBody(OPEN_URI));
        byte[] define = RawRpcClient.call(11, 2, new XdrWriter().writeString(DOMAIN_XML).toByteArray());
        for (int i = 0; i < 500; i++) {
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                c.send(flipBits(open));
                c.shutdownOutput();
                c.readUntilClosed();
            }
            try (RawRpcClient c = RawRpcClient.connect(socket)) {
                open(c); // intact, so that the mutated definition reaches the driver
                c.send(flipBits(define));
                c.shutdownOutput();
                c.readUntilClosed();
            }
        }
    }

    // ---- the well-behaved client and the resource checks ----

    /** CONNECT_OPEN, GET_HOSTNAME, CONNECT_CLOSE on a fresh connection, each answered correctly. */
    private void assertWellBehavedClientIsServed() throws IOException {
        try (RawRpcClient c = RawRpcClient.connect(socket)) {
            open(c);
            assertThat(hostname(c)).isEqualTo(hostname);
            Packet closed = c.call(2, new byte[0]);
            assertThat(closed.header().status()).isEqualTo(Header.OK);
        }
    }

    private static void open(RawRpcClient c) throws IOException {
        Packet reply = c.call(1, openBody(OPEN_URI));
        assertThat(reply.header().status()).as("CONNECT_OPEN: %s", errorText(reply)).isEqualTo(Header.OK);
    }

    private static String hostname(RawRpcClient c) throws IOException {
        Packet reply = c.call(59, new byte[0]);
        assertThat(reply.header().status()).as("GET_HOSTNAME: %s", errorText(reply)).isEqualTo(Header.OK);
        return new XdrReader(reply.body()).readString(Packet.STRING_MAX);
    }

    private static byte[] openBody(String uri) {
        return new XdrWriter().writeOptionalString(uri).writeUnsigned(0).toByteArray();
    }

    /** After an odd packet, a valid call on the same connection is either answered or the connection closes. */
    private void assertStillAnsweredOrClosed(RawRpcClient c) {
        int serial = 1000;
        if (!c.send(RawRpcClient.call(59, serial, new byte[0]))) {
            return;
        }
        Packet p;
        while ((p = c.read()) != null) {
            if (p.header().type() == Header.REPLY && p.header().serial() == serial) {
                assertThat(p.header().procedure()).isEqualTo(59);
                return;
            }
        }
    }

    private void awaitClientsGone() throws InterruptedException {
        await(() -> server.clientCount() == 0 && clientReaderThreads() == 0);
        assertThat(server.clientCount()).as("clients still registered (seed %d)", SEED).isZero();
        assertThat(clientReaderThreads()).as("client reader threads left (seed %d)", SEED).isZero();
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        return Waits.within(java.time.Duration.ofSeconds(10), condition);
    }

    /**
     * Live threads other than the worker pool's: the pool keeps idle workers for a while by design, so
     * it is checked for its bound instead of for a return to the baseline.
     */
    private static List<String> serverThreadsExceptWorkers() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> !n.startsWith("virtkit-remote-worker-")).sorted().toList();
    }

    private static long workerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("virtkit-remote-worker-")).count();
    }

    private static long clientReaderThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("virtkit-remote-client-")).count();
    }

    /** This JVM's open descriptors and what they point at, for a readable failure. */
    private static List<String> openFds() {
        return Waits.openFds();
    }

    // ---- packets ----

    private static byte[] packet(int program, int version, int procedure, int type, int serial, int status, byte[] body) {
        return new Packet(new Header(program, version, procedure, type, serial, status), body).encode();
    }

    private static void assertReplyHeader(Packet reply, int procedure) {
        Header h = reply.header();
        assertThat(h.program()).isEqualTo(RemoteSession.REMOTE_PROGRAM);
        assertThat(h.version()).isEqualTo(1);
        assertThat(h.procedure()).isEqualTo(procedure);
        assertThat(h.status()).isIn(Header.OK, Header.ERROR);
    }

    /** Decodes a whole {@code remote_error}; anything left over or missing is a malformed reply. */
    static RemoteError decodeError(byte[] body) {
        XdrReader in = new XdrReader(body);
        int code = in.readInt();
        int domain = in.readInt();
        String message = in.readOptionalString(Packet.STRING_MAX);
        in.readInt(); // level
        if (in.readBool()) { // dom
            in.readString(Packet.STRING_MAX);
            in.readFixedOpaque(16);
            in.readInt();
        }
        in.readOptionalString(Packet.STRING_MAX);
        in.readOptionalString(Packet.STRING_MAX);
        in.readOptionalString(Packet.STRING_MAX);
        in.readInt();
        in.readInt();
        if (in.readBool()) { // net
            in.readString(Packet.STRING_MAX);
            in.readFixedOpaque(16);
        }
        assertThat(in.remaining()).as("bytes after remote_error").isZero();
        assertThat(code).as("error code").isPositive();
        assertThat(message).as("error message").isNotBlank();
        return new RemoteError(code, domain, message);
    }

    /**
     * libvirt itself uses INTERNAL_ERROR for some refusals ("domain event 4 not registered"), so the code
     * alone proves nothing; the server's catch-all for an unexpected RuntimeException also answers
     * INTERNAL_ERROR, with the exception's message, which has the JDK's recognisable wording.
     */
    private static boolean looksLikeAJavaException(RemoteError e) {
        if (e.code() != ErrorCode.INTERNAL_ERROR.number()) {
            return false;
        }
        String detail = e.message().replaceFirst("^internal error: ", "");
        return detail.equals("null") || detail.matches("-?[0-9]+") || detail.matches("(?s).*(Exception|"
                + "Cannot invoke|because \\S+ is null|out of bounds|For input string|Invalid UUID string|/ by zero|"
                + "begin -?[0-9]+, end|Java heap|java\\.|javax\\.).*");
    }

    private static String errorText(Packet reply) {
        return reply.header().status() == Header.ERROR ? decodeError(reply.body()).toString() : "ok";
    }

    // ---- random input ----

    /**
     * Four bodies per procedure: none, a few random bytes, a longer random run, and the default domain
     * ({@code remote_nonnull_domain} "test") followed by random words, which gets past the lookup into
     * the procedure's own arguments.
     */
    private List<byte[]> garbageBodies() {
        XdrWriter domain = new XdrWriter().writeString("test")
                .writeFixedOpaque(uuidBytes("6695eb01-f6a4-8304-79aa-97f2502e193f"), 16).writeInt(1);
        for (int i = random.nextInt(6); i > 0; i--) {
            domain.writeInt(random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(8));
        }
        return List.of(new byte[0], randomBytes(1 + random.nextInt(16)), randomBytes(16 + random.nextInt(512)),
                domain.toByteArray());
    }

    private static byte[] uuidBytes(String uuid) {
        java.util.UUID u = java.util.UUID.fromString(uuid);
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private byte[] flipBits(byte[] valid) {
        byte[] b = valid.clone();
        for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
            int bit = random.nextInt(b.length * 8);
            b[bit / 8] ^= (byte) (1 << (bit % 8));
        }
        return b;
    }

    private static String describe(List<LogRecord> records) {
        StringBuilder sb = new StringBuilder();
        for (LogRecord r : records) {
            sb.append('\n').append(r.getLevel()).append(' ').append(r.getMessage());
            if (r.getThrown() != null) {
                sb.append(": ").append(r.getThrown());
            }
        }
        return sb.toString();
    }
}
