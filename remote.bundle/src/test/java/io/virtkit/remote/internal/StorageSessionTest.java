package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.remote.internal.StorageArgs.EventRegister;
import io.virtkit.remote.internal.StorageArgs.PoolFlags;
import io.virtkit.remote.internal.StorageArgs.Transfer;
import io.virtkit.remote.internal.StorageArgs.XmlFlags;
import io.virtkit.remote.internal.StorageXdr.PoolList;
import io.virtkit.remote.internal.StorageXdr.PoolRef;
import io.virtkit.remote.internal.StorageXdr.RefreshEvent;
import io.virtkit.remote.internal.StorageXdr.VolRef;

/**
 * The storage procedures through {@link RemoteSession} without a socket, on the test driver: flags and bounds
 * refused as libvirt refuses them, read-only refusals, streams opened in the client's table, event callbacks.
 */
class StorageSessionTest {
    private static final String POOL_XML =
            "<pool type='dir'><name>extra</name><target><path>/extra</path></target></pool>";

    private final TestDriverFactory factory = new TestDriverFactory();
    private final BlockingQueue<Packet> messages = new LinkedBlockingQueue<>();
    private final RemoteSession session = new RemoteSession(factory, false, messages::add);
    private int serial;

    @AfterEach
    void close() {
        session.close();
        assertThat(factory.opened).noneMatch(Connection::isAlive);
    }

    private Packet call(RemoteSession s, Procedure proc, Consumer<XdrWriter> args) {
        XdrWriter w = new XdrWriter();
        args.accept(w);
        return s.handle(new Packet(new Header(RemoteSession.REMOTE_PROGRAM, 1, proc.number(), Header.CALL, ++serial,
                Header.OK), w.toByteArray()));
    }

    private XdrReader ok(Procedure proc, Consumer<XdrWriter> args) {
        Packet r = call(session, proc, args);
        assertThat(r.header().status()).as("%s: %s", proc, errorOf(r)).isEqualTo(Header.OK);
        return new XdrReader(r.body());
    }

    private static String errorOf(Packet r) {
        if (r.header().status() == Header.OK) {
            return "";
        }
        XdrReader e = new XdrReader(r.body());
        return e.readInt() + "/" + e.readInt() + " " + e.readOptionalString(1 << 20);
    }

    private static void assertError(Packet reply, ErrorCode code, ErrorDomain domain, String message) {
        assertThat(reply.header().status()).isEqualTo(Header.ERROR);
        XdrReader r = new XdrReader(reply.body());
        assertThat(r.readInt()).as("code").isEqualTo(code.number());
        assertThat(r.readInt()).as("domain").isEqualTo(domain.number());
        assertThat(r.readOptionalString(1 << 20)).contains(message);
    }

    private void open(RemoteSession s, int flags) {
        Packet r = call(s, Procedure.CONNECT_OPEN, w -> w.writeOptionalString("test+unix:///default").writeInt(flags));
        assertThat(r.header().status()).isEqualTo(Header.OK);
    }

    private PoolRef defaultPool() {
        return PoolRef.read(ok(Procedure.STORAGE_POOL_LOOKUP_BY_NAME, w -> w.writeString("default-pool")));
    }

    @Test
    void poolsAreListedCountedAndLookedUp() {
        open(session, 0);
        PoolRef pool = defaultPool();
        assertThat(ok(Procedure.CONNECT_NUM_OF_STORAGE_POOLS, w -> { }).readInt()).isEqualTo(1);
        assertThat(ok(Procedure.CONNECT_NUM_OF_DEFINED_STORAGE_POOLS, w -> { }).readInt()).isZero();
        assertThat(StorageXdr.readNames(ok(Procedure.CONNECT_LIST_STORAGE_POOLS, w -> w.writeInt(10)), 10))
                .containsExactly("default-pool");
        PoolList all = PoolList.read(ok(Procedure.CONNECT_LIST_ALL_STORAGE_POOLS,
                new StorageArgs.ListAll(true, 0)::write));
        assertThat(all.pools()).containsExactly(pool);
        assertThat(PoolList.read(ok(Procedure.CONNECT_LIST_ALL_STORAGE_POOLS,
                new StorageArgs.ListAll(false, 0)::write))).isEqualTo(new PoolList(List.of(), 1));
        assertThat(PoolRef.read(ok(Procedure.STORAGE_POOL_LOOKUP_BY_UUID, w -> RemoteTypes.writeUuid(w, pool.uuid()))))
                .isEqualTo(pool);
    }

    @Test
    void unknownFlagsAndBoundsAreRefusedAsLibvirtRefusesThem() {
        open(session, 0);
        PoolRef pool = defaultPool();
        assertError(call(session, Procedure.STORAGE_POOL_GET_XML_DESC, new PoolFlags(pool, 6)::write),
                ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "unsupported flags (0x6) in function virStoragePoolGetXMLDesc");
        assertError(call(session, Procedure.STORAGE_POOL_REFRESH, new PoolFlags(pool, 1)::write),
                ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "unsupported flags (0x1) in function virStoragePoolRefresh");
        assertError(call(session, Procedure.CONNECT_LIST_STORAGE_POOLS, w -> w.writeInt(StorageXdr.POOL_LIST_MAX + 1)),
                ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "maxnames > REMOTE_STORAGE_POOL_LIST_MAX");
        assertError(call(session, Procedure.STORAGE_POOL_LOOKUP_BY_UUID, w -> RemoteTypes.writeUuid(w, new UUID(1, 2))),
                ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE, "00000000-0000-0001-0000-000000000002");
    }

    @Test
    void aReadOnlyClientMayLookButNotChangeOrDownload() {
        RemoteSession ro = new RemoteSession(factory, false, p -> { });
        try {
            open(ro, RemoteSession.CONNECT_RO);
            assertThat(call(ro, Procedure.CONNECT_NUM_OF_STORAGE_POOLS, w -> { }).header().status())
                    .isEqualTo(Header.OK);
            assertError(call(ro, Procedure.STORAGE_POOL_DEFINE_XML, new XmlFlags(POOL_XML, 0)::write),
                    ErrorCode.OPERATION_DENIED, ErrorDomain.STORAGE,
                    "read only access prevents virStoragePoolDefineXML");
            VolRef vol = new VolRef("default-pool", "nosuch", "/default-pool/nosuch");
            assertError(call(ro, Procedure.STORAGE_VOL_DOWNLOAD, new Transfer(vol, 0, 0, 0)::write),
                    ErrorCode.OPERATION_DENIED, ErrorDomain.STORAGE, "read only access prevents virStorageVolDownload");
        } finally {
            ro.close();
        }
    }

    @Test
    void anUploadOpensItsStreamUnderTheCallsSerialAndAFailedOneNone() throws Exception {
        open(session, 0);
        PoolRef pool = defaultPool();
        VolRef vol = VolRef.read(ok(Procedure.STORAGE_VOL_CREATE_XML, new StorageArgs.PoolXmlFlags(pool,
                "<volume><name>v.img</name><capacity>65536</capacity></volume>", 0)::write));
        Transfer upload = new Transfer(vol, 0, 0, 0);
        assertError(call(session, Procedure.STORAGE_VOL_UPLOAD, upload::write), ErrorCode.NO_SUPPORT, ErrorDomain.RPC,
                "streams");

        var threads = Executors.newSingleThreadExecutor();
        try {
            StreamTable streams = new StreamTable(new StreamOutput() {
                @Override
                public void send(Packet packet) {
                }

                @Override
                public void closeClient() {
                }
            }, threads);
            session.attachStreams(streams);
            ok(Procedure.STORAGE_VOL_UPLOAD, upload::write);
            assertThat(streams.size()).isEqualTo(1);
            assertError(call(session, Procedure.STORAGE_VOL_DOWNLOAD, new Transfer(vol, 1 << 20, 0, 0)::write),
                    ErrorCode.INVALID_ARG, ErrorDomain.STORAGE, "outside the volume");
            assertError(call(session, Procedure.STORAGE_VOL_DOWNLOAD, new Transfer(vol, 0, 0, 2)::write),
                    ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                    "unsupported flags (0x2) in function virStorageVolDownload");
            assertThat(streams.size()).isEqualTo(1);
            streams.closeAll(); // the upload is aborted on a worker, and its stream leaves the table
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (streams.size() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(streams.size()).isZero();
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void eventCallbacksFilterByPoolAndEventAndAreDeregistered() throws Exception {
        open(session, 0);
        PoolRef pool = defaultPool();
        assertError(call(session, Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY, new EventRegister(7, null)::write),
                ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "unsupported storage pool event ID 7");
        assertError(call(session, Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY,
                new EventRegister(0, new PoolRef("gone", new UUID(3, 4)))::write),
                ErrorCode.NO_STORAGE_POOL, ErrorDomain.STORAGE, "");
        int refresh = ok(Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY,
                new EventRegister(EventRegister.EVENT_ID_REFRESH, pool)::write).readInt();
        assertThat(session.eventRegistrations()).isEqualTo(1);

        ok(Procedure.STORAGE_POOL_DEFINE_XML, new XmlFlags(POOL_XML, 0)::write); // another pool, a lifecycle event
        ok(Procedure.STORAGE_POOL_REFRESH, new PoolFlags(pool, 0)::write);
        Packet m = messages.poll(30, TimeUnit.SECONDS);
        assertThat(m).as("the refresh event").isNotNull();
        assertThat(m.header().procedure()).isEqualTo(Procedure.STORAGE_POOL_EVENT_REFRESH);
        assertThat(RefreshEvent.read(new XdrReader(m.body()))).isEqualTo(new RefreshEvent(refresh, pool));
        assertThat(messages).isEmpty();

        ok(Procedure.CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY, w -> w.writeInt(refresh));
        assertThat(session.eventRegistrations()).isZero();
        assertError(call(session, Procedure.CONNECT_STORAGE_POOL_EVENT_DEREGISTER_ANY, w -> w.writeInt(refresh)),
                ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, "not registered");
        PoolRef extra = PoolRef.read(ok(Procedure.STORAGE_POOL_LOOKUP_BY_NAME, w -> w.writeString("extra")));
        ok(Procedure.STORAGE_POOL_UNDEFINE, extra::write);
    }
}
