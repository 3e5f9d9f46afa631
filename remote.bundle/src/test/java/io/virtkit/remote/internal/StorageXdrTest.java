package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorDomain;
import io.virtkit.remote.internal.StorageArgs.CreateXmlFrom;
import io.virtkit.remote.internal.StorageArgs.EventRegister;
import io.virtkit.remote.internal.StorageArgs.FindPoolSources;
import io.virtkit.remote.internal.StorageArgs.ListAll;
import io.virtkit.remote.internal.StorageArgs.PoolFlags;
import io.virtkit.remote.internal.StorageArgs.PoolInt;
import io.virtkit.remote.internal.StorageArgs.PoolListAll;
import io.virtkit.remote.internal.StorageArgs.PoolName;
import io.virtkit.remote.internal.StorageArgs.PoolXmlFlags;
import io.virtkit.remote.internal.StorageArgs.Resize;
import io.virtkit.remote.internal.StorageArgs.Transfer;
import io.virtkit.remote.internal.StorageArgs.VolFlags;
import io.virtkit.remote.internal.StorageArgs.WipePattern;
import io.virtkit.remote.internal.StorageArgs.XmlFlags;
import io.virtkit.remote.internal.StorageXdr.LifecycleEvent;
import io.virtkit.remote.internal.StorageXdr.PoolInfo;
import io.virtkit.remote.internal.StorageXdr.PoolList;
import io.virtkit.remote.internal.StorageXdr.PoolRef;
import io.virtkit.remote.internal.StorageXdr.RefreshEvent;
import io.virtkit.remote.internal.StorageXdr.VolInfo;
import io.virtkit.remote.internal.StorageXdr.VolList;
import io.virtkit.remote.internal.StorageXdr.VolRef;

/** The storage procedures' XDR, checked against bytes worked out by hand from remote_protocol.x. */
class StorageXdrTest {
    private static final UUID UUID_1 = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
    private static final PoolRef POOL = new PoolRef("default", UUID_1);
    private static final VolRef VOL = new VolRef("p", "v.img", "/p/v.img");
    private static final int[] POOL_BYTES = {
        0, 0, 0, 7, 'd', 'e', 'f', 'a', 'u', 'l', 't', 0, // name, padded to 8
        0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}; // uuid
    private static final int[] VOL_BYTES = {
        0, 0, 0, 1, 'p', 0, 0, 0, // pool
        0, 0, 0, 5, 'v', '.', 'i', 'm', 'g', 0, 0, 0, // name
        0, 0, 0, 8, '/', 'p', '/', 'v', '.', 'i', 'm', 'g'}; // key, no padding needed

    @Test
    void poolAndVolumeHandles() {
        assertThat(bytes(POOL::write)).containsExactly(POOL_BYTES);
        assertThat(bytes(VOL::write)).containsExactly(VOL_BYTES);
        assertThat(PoolRef.read(new XdrReader(bytes(POOL::write)))).isEqualTo(POOL);
        assertThat(VolRef.read(new XdrReader(bytes(VOL::write)))).isEqualTo(VOL);
    }

    @Test
    void poolInfoWidensTheStateToFourBytes() {
        PoolInfo info = new PoolInfo(2, 0x1_0000_0000L, 1, -1);
        assertThat(bytes(info::write)).containsExactly(
                0, 0, 0, 2, // VIR_STORAGE_POOL_RUNNING
                0, 0, 0, 1, 0, 0, 0, 0, // capacity 2^32
                0, 0, 0, 0, 0, 0, 0, 1, // allocation
                0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff); // available 2^64-1 as an unsigned hyper
        assertThat(PoolInfo.read(new XdrReader(bytes(info::write)))).isEqualTo(info);
        assertThatThrownBy(() -> PoolInfo.read(new XdrReader(bytes(new PoolInfo(256, 0, 0, 0)::write))))
                .isInstanceOf(XdrException.class);
    }

    @Test
    void volInfoIsACharAndTwoHypers() {
        VolInfo info = new VolInfo(3, 1 << 20, 4096);
        assertThat(bytes(info::write)).containsExactly(
                0, 0, 0, 3, // VIR_STORAGE_VOL_NETWORK
                0, 0, 0, 0, 0, 0x10, 0, 0,
                0, 0, 0, 0, 0, 0, 0x10, 0);
        assertThat(VolInfo.read(new XdrReader(bytes(info::write)))).isEqualTo(info);
    }

    @Test
    void uploadAndDownloadArguments() {
        Transfer t = new Transfer(VOL, 512, 0, Transfer.SPARSE_STREAM);
        assertThat(bytes(t::write)).containsExactly(concat(VOL_BYTES, new int[] {
            0, 0, 0, 0, 0, 0, 2, 0, // offset
            0, 0, 0, 0, 0, 0, 0, 0, // length: to the end
            0, 0, 0, 1})); // VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM
        assertThat(Transfer.read(new XdrReader(bytes(t::write)))).isEqualTo(t);
        assertThat(t.sparse()).isTrue();
    }

    @Test
    void findPoolSourcesWithoutASourceSpec() {
        FindPoolSources args = new FindPoolSources("logical", null, 0);
        assertThat(bytes(args::write)).containsExactly(
                0, 0, 0, 7, 'l', 'o', 'g', 'i', 'c', 'a', 'l', 0,
                0, 0, 0, 0, // remote_string: absent
                0, 0, 0, 0);
        assertThat(FindPoolSources.read(new XdrReader(bytes(args::write)))).isEqualTo(args);
    }

    @Test
    void eventRegistrationAndMessages() {
        assertThat(bytes(new EventRegister(EventRegister.EVENT_ID_REFRESH, null)::write))
                .containsExactly(0, 0, 0, 1, 0, 0, 0, 0);
        assertThat(bytes(new EventRegister(0, POOL)::write))
                .containsExactly(concat(new int[] {0, 0, 0, 0, 0, 0, 0, 1}, POOL_BYTES));
        LifecycleEvent started = new LifecycleEvent(5, POOL, 2, 0);
        assertThat(bytes(started::write)).containsExactly(
                concat(new int[] {0, 0, 0, 5}, POOL_BYTES, new int[] {0, 0, 0, 2, 0, 0, 0, 0}));
        assertThat(LifecycleEvent.read(new XdrReader(bytes(started::write)))).isEqualTo(started);
        RefreshEvent refresh = new RefreshEvent(6, POOL);
        assertThat(bytes(refresh::write)).containsExactly(concat(new int[] {0, 0, 0, 6}, POOL_BYTES));
    }

    @Test
    void listsCarryTheirCountAfterTheItems() {
        PoolList pools = new PoolList(List.of(POOL), 1);
        assertThat(bytes(pools::write)).containsExactly(concat(new int[] {0, 0, 0, 1}, POOL_BYTES, new int[] {0, 0, 0, 1}));
        PoolList countOnly = new PoolList(List.of(), 3);
        assertThat(bytes(countOnly::write)).containsExactly(0, 0, 0, 0, 0, 0, 0, 3);
        VolList vols = new VolList(List.of(VOL, VOL), 2);
        assertThat(VolList.read(new XdrReader(bytes(vols::write)))).isEqualTo(vols);
        assertThat(bytes(w -> StorageXdr.writeNames(w, List.of("a")))).containsExactly(0, 0, 0, 1, 0, 0, 0, 1, 'a', 0, 0, 0);

        byte[] tooMany = new XdrWriter().writeInt(StorageXdr.POOL_LIST_MAX + 1).toByteArray();
        assertThatThrownBy(() -> PoolList.read(new XdrReader(tooMany))).isInstanceOf(XdrException.class)
                .hasMessageContaining("exceeds 4096");
        assertThatThrownBy(() -> StorageXdr.readNames(new XdrReader(tooMany), StorageXdr.POOL_LIST_MAX))
                .isInstanceOf(XdrException.class);
    }

    @Test
    void theOtherArgumentsInTheirFieldOrder() {
        assertThat(bytes(new XmlFlags("<a/>", 0xFFFF_FFFFL)::write))
                .containsExactly(0, 0, 0, 4, '<', 'a', '/', '>', 0xff, 0xff, 0xff, 0xff);
        assertThat(bytes(new PoolFlags(POOL, 4)::write)).containsExactly(concat(POOL_BYTES, new int[] {0, 0, 0, 4}));
        assertThat(bytes(new PoolInt(POOL, 1)::write)).containsExactly(concat(POOL_BYTES, new int[] {0, 0, 0, 1}));
        assertThat(bytes(new PoolName(POOL, "v")::write))
                .containsExactly(concat(POOL_BYTES, new int[] {0, 0, 0, 1, 'v', 0, 0, 0}));
        assertThat(bytes(new PoolXmlFlags(POOL, "x", 1)::write))
                .containsExactly(concat(POOL_BYTES, new int[] {0, 0, 0, 1, 'x', 0, 0, 0, 0, 0, 0, 1}));
        assertThat(bytes(new CreateXmlFrom(POOL, "x", VOL, 0)::write)).containsExactly(
                concat(POOL_BYTES, new int[] {0, 0, 0, 1, 'x', 0, 0, 0}, VOL_BYTES, new int[] {0, 0, 0, 0}));
        assertThat(bytes(new VolFlags(VOL, 1)::write)).containsExactly(concat(VOL_BYTES, new int[] {0, 0, 0, 1}));
        assertThat(bytes(new WipePattern(VOL, 9, 0)::write))
                .containsExactly(concat(VOL_BYTES, new int[] {0, 0, 0, 9, 0, 0, 0, 0}));
        assertThat(bytes(new Resize(VOL, 1L << 30, 4)::write))
                .containsExactly(concat(VOL_BYTES, new int[] {0, 0, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 4}));
        assertThat(bytes(new ListAll(true, 2)::write)).containsExactly(0, 0, 0, 1, 0, 0, 0, 2);
        assertThat(bytes(new PoolListAll(POOL, false, 0)::write))
                .containsExactly(concat(POOL_BYTES, new int[] {0, 0, 0, 0, 0, 0, 0, 0}));
    }

    @Test
    void everyArgumentReadsBackWhatWasWritten() {
        roundTrip(new XmlFlags("<pool/>", 1), XmlFlags::write, XmlFlags::read);
        roundTrip(new PoolFlags(POOL, 0xFFFF_FFFFL), PoolFlags::write, PoolFlags::read);
        roundTrip(new PoolInt(POOL, -1), PoolInt::write, PoolInt::read);
        roundTrip(new PoolName(POOL, "é.img"), PoolName::write, PoolName::read);
        roundTrip(new PoolXmlFlags(POOL, "<volume/>", 1), PoolXmlFlags::write, PoolXmlFlags::read);
        roundTrip(new CreateXmlFrom(POOL, "<volume/>", VOL, 1), CreateXmlFrom::write, CreateXmlFrom::read);
        roundTrip(new VolFlags(VOL, 2), VolFlags::write, VolFlags::read);
        roundTrip(new WipePattern(VOL, 0xFFFF_FFFFL, 0), WipePattern::write, WipePattern::read);
        roundTrip(new Resize(VOL, -1, 1), Resize::write, Resize::read); // 2^64-1: an unsigned hyper
        roundTrip(new FindPoolSources("netfs", "<source/>", 0), FindPoolSources::write, FindPoolSources::read);
        roundTrip(new ListAll(false, 1 << 19), ListAll::write, ListAll::read);
        roundTrip(new PoolListAll(POOL, true, 0), PoolListAll::write, PoolListAll::read);
        roundTrip(new EventRegister(0, POOL), EventRegister::write, EventRegister::read);
        roundTrip(new EventRegister(1, null), EventRegister::write, EventRegister::read);
        roundTrip(new RefreshEvent(1, POOL), RefreshEvent::write, RefreshEvent::read);
    }

    @Test
    void truncatedArgumentsAreRefused() {
        byte[] cut = bytes(new Transfer(VOL, 0, 0, 0)::write);
        assertThatThrownBy(() -> Transfer.read(new XdrReader(java.util.Arrays.copyOf(cut, cut.length - 4))))
                .isInstanceOf(XdrException.class).hasMessageContaining("truncated");
    }

    @Test
    void proceduresCarryLibvirtsNumbers() {
        assertThat(Procedure.of(71)).isEqualTo(Procedure.CONNECT_NUM_OF_STORAGE_POOLS);
        assertThat(Procedure.of(84)).isEqualTo(Procedure.STORAGE_POOL_LOOKUP_BY_NAME);
        assertThat(Procedure.of(125)).isEqualTo(Procedure.STORAGE_VOL_CREATE_XML_FROM);
        assertThat(Procedure.of(208)).isEqualTo(Procedure.STORAGE_VOL_UPLOAD);
        assertThat(Procedure.of(209)).isEqualTo(Procedure.STORAGE_VOL_DOWNLOAD);
        assertThat(Procedure.of(282)).isEqualTo(Procedure.STORAGE_POOL_LIST_ALL_VOLUMES);
        assertThat(Procedure.of(368)).isEqualTo(Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY);
        assertThat(Procedure.of(378)).isEqualTo(Procedure.STORAGE_VOL_GET_INFO_FLAGS);
        assertThat(Stream.of(Procedure.values()).filter(p -> p.group() == Procedure.Group.STORAGE))
                .hasSize(30 + 11); // 71-100, and 11 later ones (and the two event registrations)
        // libvirt's procedures 71-100 are all storage ones; the others are scattered
        for (int n = 71; n <= 100; n++) {
            assertThat(Procedure.of(n)).as("procedure %d", n).isNotNull()
                    .extracting(Procedure::errorDomain).isEqualTo(ErrorDomain.STORAGE);
        }
        assertThat(Procedure.of(Procedure.STORAGE_POOL_EVENT_LIFECYCLE)).isNull();
        assertThat(Procedure.of(Procedure.STORAGE_POOL_EVENT_REFRESH)).isNull();
        assertThat(Procedure.CONNECT_STORAGE_POOL_EVENT_REGISTER_ANY.errorDomain()).isEqualTo(ErrorDomain.STORAGE);
        assertThat(Procedure.STORAGE_POOL_GET_INFO.mutates()).isFalse();
        assertThat(Procedure.STORAGE_VOL_DOWNLOAD.mutates()).isTrue();
        assertThat(Procedure.STORAGE_VOL_UPLOAD.function()).isEqualTo("virStorageVolUpload");
    }

    private static <T> void roundTrip(T value, BiConsumer<T, XdrWriter> write, Function<XdrReader, T> read) {
        XdrWriter out = new XdrWriter();
        write.accept(value, out);
        XdrReader in = new XdrReader(out.toByteArray());
        assertThat(read.apply(in)).isEqualTo(value);
        assertThat(in.remaining()).isZero();
    }

    private static byte[] bytes(java.util.function.Consumer<XdrWriter> write) {
        XdrWriter out = new XdrWriter();
        write.accept(out);
        return out.toByteArray();
    }

    private static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] all = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

}
