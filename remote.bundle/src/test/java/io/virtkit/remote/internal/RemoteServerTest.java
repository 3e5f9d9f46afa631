package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;
import io.virtkit.api.admin.ClientInfo;
import io.virtkit.api.admin.ListenerInfo;
import io.virtkit.api.admin.RemoteDaemon;

/** The server's sockets, limits, concurrency and client bookkeeping, with raw protocol clients. */
class RemoteServerTest {
    private static final int PROC_OPEN = 1;
    private static final int PROC_GET_TYPE = 3;
    private static final int PROC_GET_HOSTNAME = 59;
    private static final int PROC_DEFINE_XML = 11;
    private static final int PROC_IS_SECURE = 149;

    @TempDir
    Path dir;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void noDaemonThreadsLeft() throws InterruptedException {
        await(() -> daemonThreads().isEmpty()); // tests in other classes of this JVM ran servers too
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
        // a thread released from a slow call ends on its own after writing its reply: the next test counts the
        // daemon's threads, so wait until this server's are all gone (CI saw a "-slow-call" thread still retiring)
        await(() -> daemonThreads().isEmpty());
    }

    private RemoteServer start(ConnectionFactory factory, List<ListenAddress> addresses, RemoteDaemon.Limits limits)
            throws IOException {
        RemoteServer server = new RemoteServer(factory, addresses, limits);
        server.start();
        cleanup.add(server);
        return server;
    }

    /** A protocol client that writes calls and reads whatever packet comes next. */
    final class RawClient implements AutoCloseable {
        final SocketChannel channel;
        final DataInputStream in;
        int serial;

        RawClient(java.net.SocketAddress address) throws IOException {
            channel = address instanceof UnixDomainSocketAddress ? SocketChannel.open(StandardProtocolFamily.UNIX)
                    : SocketChannel.open();
            channel.connect(address);
            in = new DataInputStream(Channels.newInputStream(channel));
            cleanup.add(this);
        }

        int send(int proc, Consumer<XdrWriter> args) throws IOException {
            XdrWriter w = new XdrWriter();
            args.accept(w);
            Packet p = new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, proc, Header.CALL, ++serial, Header.OK),
                    w.toByteArray());
            ByteBuffer b = ByteBuffer.wrap(p.encode());
            while (b.hasRemaining()) {
                channel.write(b);
            }
            return serial;
        }

        Packet next() throws IOException {
            Packet p = Packet.read(in);
            if (p == null) {
                throw new EOFException("server closed the connection");
            }
            return p;
        }

        Packet call(int proc, Consumer<XdrWriter> args) throws IOException {
            int s = send(proc, args);
            Packet p = next();
            assertThat(p.header().serial()).isEqualTo(s);
            return p;
        }

        void open(String uri) throws IOException {
            assertThat(call(PROC_OPEN, w -> w.writeOptionalString(uri).writeInt(0)).header().status())
                    .isEqualTo(Header.OK);
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }

    private static String string(Packet p) {
        assertThat(p.header().status()).as("reply status").isEqualTo(Header.OK);
        return new XdrReader(p.body()).readString(1 << 20);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void socketsGetTheirModesAtBindTimeAndVanishOnStop() throws Exception {
        Path rw = dir.resolve("run/virtkit/virtkit-sock");
        Path ro = dir.resolve("run/virtkit/virtkit-sock-ro");
        RemoteServer server = start(new TestDriverFactory(),
                List.of(ListenAddress.unix(rw, false), ListenAddress.unix(ro, true)), RemoteServer.DEFAULT_LIMITS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rw))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ro))).isEqualTo("rwxrwxrwx");
        try (Stream<Path> files = Files.list(rw.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("virtkit-sock",
                    "virtkit-sock-ro"); // no staging directory left behind
        }
        assertThat(server.listeners()).containsExactly(new ListenerInfo("unix", rw.toString(), false, 0),
                new ListenerInfo("unix", ro.toString(), true, 0));

        RawClient c = new RawClient(UnixDomainSocketAddress.of(ro));
        c.open("test:///default");
        assertThat(string(c.call(PROC_GET_HOSTNAME, w -> { }))).isEqualTo(InetAddress.getLocalHost().getHostName());
        assertThat(new XdrReader(c.call(PROC_IS_SECURE, w -> { }).body()).readInt()).isEqualTo(1);

        server.stop();
        assertThat(rw).doesNotExist();
        assertThat(ro).doesNotExist();
        assertThatThrownBy(c::next).isInstanceOf(IOException.class);
    }

    @Test
    void aStaleSocketFileIsReplacedButALiveOneIsNot() throws Exception {
        Path path = dir.resolve("sock");
        // stale: bound once, its listener gone
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close();
        assertThat(path).exists();
        RemoteServer first = start(new TestDriverFactory(), List.of(ListenAddress.unix(path, false)),
                RemoteServer.DEFAULT_LIMITS);

        RemoteServer second = new RemoteServer(new TestDriverFactory(), List.of(
                ListenAddress.unix(dir.resolve("other-sock"), false), ListenAddress.unix(path, false)),
                RemoteServer.DEFAULT_LIMITS);
        assertThatThrownBy(second::start).isInstanceOf(FileAlreadyExistsException.class)
                .hasMessageContaining("another daemon is listening");
        // the half-started second daemon rolled back its first socket; the first daemon still serves
        assertThat(dir.resolve("other-sock")).doesNotExist();
        RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
        c.open("test:///default");
        assertThat(string(c.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
        assertThat(first.clientCount()).isEqualTo(1);
    }

    @Test
    void tcpListensOnLoopbackOnlyAndReportsItsPort() throws Exception {
        assertThatThrownBy(() -> ListenAddress.tcp(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a loopback address");
        RemoteServer server = start(new TestDriverFactory(),
                List.of(ListenAddress.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), false)),
                RemoteServer.DEFAULT_LIMITS);
        ListenerInfo tcp = server.listeners().get(0);
        assertThat(tcp.transport()).isEqualTo("tcp");
        int port = Integer.parseInt(tcp.address().substring(tcp.address().lastIndexOf(':') + 1));
        assertThat(port).isPositive();

        RawClient c = new RawClient(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        c.open("test:///default"); // libvirt's client sends the URI without transport and host
        assertThat(string(c.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
        ClientInfo info = server.clients().get(0);
        assertThat(info.transport()).isEqualTo("tcp");
        assertThat(info.peer()).startsWith("127.0.0.1:");
        assertThat(info.uri()).contains("test:///default");
        // virConnectIsSecure: plain TCP is not, a UNIX socket is
        assertThat(new XdrReader(c.call(PROC_IS_SECURE, w -> { }).body()).readInt()).isZero();

        // and the real virsh over libvirt's tcp transport (no SASL: the daemon offers auth "none")
        Path out = dir.resolve("virsh.out");
        ProcessBuilder pb = new ProcessBuilder("virsh", "-c", "test+tcp://127.0.0.1:" + port + "/default", "list", "--all")
                .redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("HOME", dir.toString());
        pb.environment().remove("LIBVIRT_DEFAULT_URI");
        Process virsh = pb.start();
        assertThat(virsh.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(virsh.exitValue()).as(Files.readString(out)).isZero();
        assertThat(Files.readString(out)).containsPattern("1\\s+test\\s+running");
    }

    /**
     * The test driver, but defineDomain() runs {@code entered} and then blocks until {@code release}: a stand-in for
     * a slow call (a QEMU start).
     */
    private static ConnectionFactory slowDefine(Runnable entered, CountDownLatch release) {
        TestDriverFactory real = new TestDriverFactory();
        return new ConnectionFactory() {
            @Override
            public Connection open(ConnectRequest request) {
                Connection c = real.open(request);
                return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().equals("defineDomain")) {
                                entered.run();
                                release.await(20, TimeUnit.SECONDS);
                            }
                            try {
                                return method.invoke(c, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }

            @Override
            public List<DriverInfo> drivers() {
                return List.of();
            }
        };
    }

    @Test
    void repliesMayOvertakeASlowCall() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        ConnectionFactory slowDefine = slowDefine(entered::countDown, release);
        Path path = dir.resolve("sock");
        start(slowDefine, List.of(ListenAddress.unix(path, false)), RemoteServer.DEFAULT_LIMITS);
        RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
        c.open("test:///default");

        String xml = "<domain type='test'><name>slow</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        int slow = c.send(PROC_DEFINE_XML, w -> w.writeString(xml));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        int fast = c.send(PROC_GET_HOSTNAME, w -> { });
        int alsoFast = c.send(PROC_GET_TYPE, w -> { });
        Packet first = c.next();
        assertThat(first.header().serial()).isEqualTo(fast);
        assertThat(string(first)).isEqualTo(InetAddress.getLocalHost().getHostName());
        assertThat(string(c.next())).isEqualTo("TEST");
        release.countDown();
        Packet second = c.next();
        assertThat(second.header().serial()).isEqualTo(slow);
        assertThat(second.header().status()).isEqualTo(Header.OK);
        assertThat(new XdrReader(second.body()).readString(1024)).isEqualTo("slow");
        assertThat(alsoFast).isGreaterThan(fast);
    }

    /** Live threads of the remote daemon other than the event workers (a bounded pool of its own). */
    private static List<String> daemonThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("virtkit-remote-") && !n.startsWith("virtkit-remote-worker-")).sorted()
                .toList();
    }

    /**
     * The daemon's threads once no call is past the slow-call limit: a reply is sent before its call's thread
     * is done, so a call that already answered can still be handed off its loop (renamed "-slow-call") a moment
     * later. Steady: no such thread in two snapshots 100 ms apart that agree.
     */
    private static List<String> steadyDaemonThreads() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        List<String> before = daemonThreads();
        while (true) {
            Thread.sleep(100);
            List<String> now = daemonThreads();
            if (now.equals(before) && now.stream().noneMatch(n -> n.endsWith("-slow-call"))) {
                return now;
            }
            assertThat(System.nanoTime()).as("steady daemon threads; last seen %s", now).isLessThan(deadline);
            before = now;
        }
    }

    private static long slowCallThreads() {
        return daemonThreads().stream().filter(n -> n.endsWith("-slow-call")).count();
    }

    @Test
    void fiftyClientsShareTheSelectorThreadsAndASlowCallHoldsUpNoneOfThem() throws Exception {
        java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<Thread> slowThread = new java.util.concurrent.atomic.AtomicReference<>();
        CountDownLatch release = new CountDownLatch(1);
        Path path = dir.resolve("sock");
        RemoteServer server = start(slowDefine(() -> {
            slowThread.set(Thread.currentThread());
            entered.incrementAndGet();
        }, release),
                List.of(ListenAddress.unix(path, false)), RemoteServer.DEFAULT_LIMITS);
        RawClient first = new RawClient(UnixDomainSocketAddress.of(path));
        first.open("test:///default");
        // an open that ran past the slow-call limit (a cold JIT, a busy machine) had its loop handed on: the
        // steady set of threads is the one after that call's thread has retired
        List<String> withOne = steadyDaemonThreads();
        assertThat(withOne.stream().filter(n -> n.startsWith("virtkit-remote-selector-")))
                .hasSize(RemoteServer.SELECTORS);

        List<RawClient> clients = new ArrayList<>(List.of(first));
        for (int i = 1; i < 50; i++) {
            RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
            c.open("test:///default");
            clients.add(c);
        }
        for (RawClient c : clients) {
            assertThat(string(c.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
        }
        assertThat(server.clientCount()).isEqualTo(50);
        assertThat(steadyDaemonThreads()).as("threads with 50 clients").isEqualTo(withOne);

        // a slow call on the first client: every other client, those on its selector too, is answered meanwhile
        String xml = "<domain type='test'><name>slow</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        int slow = first.send(PROC_DEFINE_XML, w -> w.writeString(xml));
        await(() -> entered.get() == 1);
        for (RawClient c : clients.subList(1, clients.size())) {
            assertThat(string(c.call(PROC_GET_HOSTNAME, w -> { })))
                    .isEqualTo(InetAddress.getLocalHost().getHostName());
        }
        assertThat(string(first.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
        // the define's own thread was handed off its loop; a quick call that ran past the slow-call limit on a
        // busy machine was handed off too, and its thread may still be retiring after its reply: counting
        // "-slow-call" names in a snapshot would count it, so look at the define's thread itself
        assertThat(slowThread.get().getName()).as("the slow call's thread").endsWith("-slow-call");
        assertThat(slowThread.get().isAlive()).as("the slow call's thread, still in its call").isTrue();
        release.countDown();
        Packet reply = first.next();
        assertThat(reply.header().serial()).isEqualTo(slow);
        assertThat(reply.header().status()).isEqualTo(Header.OK);
        await(() -> daemonThreads().equals(withOne));
        assertThat(daemonThreads()).as("the slow call's thread ended").isEqualTo(withOne);
    }

    @Test
    void aClientWithItsMaximumOutstandingIsNotReadUntilOneEnds() throws Exception {
        java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Path path = dir.resolve("sock");
        start(slowDefine(entered::incrementAndGet, release), List.of(ListenAddress.unix(path, false)),
                new RemoteDaemon.Limits(10, 1));
        RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
        c.open("test:///default");
        RawClient other = new RawClient(UnixDomainSocketAddress.of(path));
        other.open("test:///default");
        String xml = "<domain type='test'><name>slow</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        int slow = c.send(PROC_DEFINE_XML, w -> w.writeString(xml));
        await(() -> entered.get() == 1);
        int fast = c.send(PROC_GET_TYPE, w -> { });
        // the other client is answered; this one's second call waits for its first
        assertThat(string(other.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
        Thread.sleep(50);
        release.countDown();
        assertThat(c.next().header().serial()).isEqualTo(slow);
        Packet second = c.next();
        assertThat(second.header().serial()).isEqualTo(fast);
        assertThat(string(second)).isEqualTo("TEST");
    }

    @Test
    void slowCallsBeyondTheBoundWaitForAThread() throws Exception {
        java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Path path = dir.resolve("sock");
        start(slowDefine(entered::incrementAndGet, release), List.of(ListenAddress.unix(path, false)),
                RemoteServer.DEFAULT_LIMITS);
        int slowClients = RemoteServer.MAX_SLOW_CALLS + RemoteServer.SELECTORS + 4;
        List<RawClient> clients = new ArrayList<>();
        for (int i = 0; i < slowClients; i++) {
            RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
            c.open("test:///default");
            clients.add(c);
        }
        for (int i = 0; i < slowClients; i++) {
            String name = "slow" + i;
            clients.get(i).send(PROC_DEFINE_XML, w -> w.writeString("<domain type='test'><name>" + name
                    + "</name><memory>1024</memory><os><type>hvm</type></os></domain>"));
        }
        // the bound's threads and then each loop's leader are inside a define; the rest wait unread
        int most = RemoteServer.MAX_SLOW_CALLS + RemoteServer.SELECTORS;
        await(() -> entered.get() >= most);
        Thread.sleep(100);
        assertThat(entered.get()).isEqualTo(most);
        assertThat(slowCallThreads()).isEqualTo(RemoteServer.MAX_SLOW_CALLS);
        release.countDown();
        for (RawClient c : clients) {
            Packet p = c.next();
            assertThat(p.header().status()).isEqualTo(Header.OK);
        }
        assertThat(entered.get()).isEqualTo(slowClients);
        await(() -> slowCallThreads() == 0);
        assertThat(slowCallThreads()).isZero();
    }

    @Test
    void aClientGoneDuringASlowCallIsDroppedAndTheServerCarriesOn() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(1);
        Path path = dir.resolve("sock");
        RemoteServer server = start(slowDefine(entered::countDown, release), List.of(ListenAddress.unix(path, false)),
                RemoteServer.DEFAULT_LIMITS);
        RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
        c.open("test:///default");
        String xml = "<domain type='test'><name>slow</name><memory>1024</memory><os><type>hvm</type></os></domain>";
        c.send(PROC_DEFINE_XML, w -> w.writeString(xml));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        // the stuck reader's reading was handed on: a quick call is answered meanwhile
        assertThat(string(c.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");

        c.close();
        await(() -> server.clientCount() == 0); // the new reader saw the end and dropped the client
        release.countDown(); // the slow call ends; its reply has nowhere to go

        RawClient d = new RawClient(UnixDomainSocketAddress.of(path));
        d.open("test:///default");
        assertThat(string(d.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
    }

    @Test
    void clientsBeyondTheLimitAreRefusedAndOthersCarryOn() throws Exception {
        Path path = dir.resolve("sock");
        RemoteServer server = start(new TestDriverFactory(), List.of(ListenAddress.unix(path, false)),
                new RemoteDaemon.Limits(2, 5));
        RawClient a = new RawClient(UnixDomainSocketAddress.of(path));
        RawClient b = new RawClient(UnixDomainSocketAddress.of(path));
        a.open("test:///default");
        b.open("test:///default");
        RawClient refused = new RawClient(UnixDomainSocketAddress.of(path));
        refused.send(PROC_OPEN, w -> w.writeOptionalString("test:///default").writeInt(0));
        assertThatThrownBy(refused::next).isInstanceOf(IOException.class);
        assertThat(string(a.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");

        // once one leaves, a newcomer gets in
        a.close();
        await(() -> server.clientCount() == 1);
        RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
        c.open("test:///default");
        assertThat(string(c.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
    }

    @Test
    void clientsAreListedAndCanBeDisconnected() throws Exception {
        Path path = dir.resolve("sock");
        TestDriverFactory factory = new TestDriverFactory();
        RemoteServer server = start(factory, List.of(ListenAddress.unix(path, false)), RemoteServer.DEFAULT_LIMITS);
        RawClient a = new RawClient(UnixDomainSocketAddress.of(path));
        RawClient b = new RawClient(UnixDomainSocketAddress.of(path));
        a.open("test+unix:///default");
        a.call(PROC_GET_TYPE, w -> { });
        await(() -> server.clients().size() == 2);

        List<ClientInfo> clients = server.clients();
        assertThat(clients).extracting(ClientInfo::id).isSorted().doesNotHaveDuplicates();
        ClientInfo first = clients.get(0);
        assertThat(first.transport()).isEqualTo("unix");
        assertThat(first.peer()).startsWith("user=" + System.getProperty("user.name") + ",group=");
        assertThat(first.uri()).contains("test:///default");
        await(() -> server.clients().get(0).calls() == 2);
        assertThat(clients.get(1).uri()).isEmpty();

        assertThat(server.disconnect(first.id())).isTrue();
        assertThatThrownBy(a::next).isInstanceOf(IOException.class);
        await(() -> server.clientCount() == 1);
        assertThat(factory.opened).noneMatch(Connection::isAlive); // the session's connection closed too
        assertThat(server.disconnect(first.id())).isFalse();
        b.open("test:///default");
        assertThat(string(b.call(PROC_GET_TYPE, w -> { }))).isEqualTo("TEST");
    }

    /**
     * A disconnected client is forgotten later, by its loop's leader; until then it must neither be listed nor be
     * disconnected "again" (the RemoteDaemonKarafIT flake: the list hid it, the second disconnect found it). Every
     * leader is held inside a slow call, beyond the bound of slow-call threads, so that window stays open.
     */
    @Test
    void aDisconnectedClientNotYetForgottenIsNeitherListedNorDisconnectedAgain() throws Exception {
        java.util.concurrent.atomic.AtomicInteger entered = new java.util.concurrent.atomic.AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        Path path = dir.resolve("sock");
        RemoteServer server = start(slowDefine(entered::incrementAndGet, release),
                List.of(ListenAddress.unix(path, false)), RemoteServer.DEFAULT_LIMITS);
        RawClient target = new RawClient(UnixDomainSocketAddress.of(path));
        target.open("test:///default");
        long targetId = server.clients().get(0).id();
        // enough on each loop that its leader ends up held however the bound's threads are shared out
        int slowClients = RemoteServer.SELECTORS * (RemoteServer.MAX_SLOW_CALLS + 1);
        try {
            List<RawClient> held = new ArrayList<>();
            for (int i = 0; i < slowClients; i++) {
                RawClient c = new RawClient(UnixDomainSocketAddress.of(path));
                c.open("test:///default"); // all opened first: once the leaders are held, nobody is answered
                held.add(c);
            }
            for (int i = 0; i < slowClients; i++) {
                String name = "held" + i;
                held.get(i).send(PROC_DEFINE_XML, w -> w.writeString("<domain type='test'><name>" + name
                        + "</name><memory>1024</memory><os><type>hvm</type></os></domain>"));
            }
            int most = RemoteServer.MAX_SLOW_CALLS + RemoteServer.SELECTORS;
            await(() -> entered.get() >= most); // every slow-call thread and every leader is held

            assertThat(server.disconnect(targetId)).isTrue();
            assertThat(server.clientCount()).as("not forgotten yet: no leader is free").isEqualTo(slowClients + 1);
            assertThat(server.clients()).extracting(ClientInfo::id).doesNotContain(targetId).hasSize(slowClients);
            assertThat(server.listeners()).singleElement().extracting(ListenerInfo::clients).isEqualTo(slowClients);
            assertThat(server.disconnect(targetId)).as("disconnected already").isFalse();
        } finally {
            release.countDown();
        }
        await(() -> server.clientCount() == slowClients);
        assertThat(server.disconnect(targetId)).isFalse();
    }
}
