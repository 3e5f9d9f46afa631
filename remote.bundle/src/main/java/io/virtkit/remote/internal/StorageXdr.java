package io.virtkit.remote.internal;

import java.util.List;
import java.util.UUID;

/**
 * The XDR shapes of libvirt's storage procedures that name pools and volumes or answer with them
 * ({@code remote_protocol.x}): the handles, the infos, the lists and the event messages, each read and written
 * field by field in the .x file's order. The daemon reads what clients send and writes its replies; the other
 * direction serves tests and clients.
 */
final class StorageXdr {
    /** {@code REMOTE_STORAGE_POOL_LIST_MAX}. */
    static final int POOL_LIST_MAX = 4096;
    /** {@code REMOTE_STORAGE_VOL_LIST_MAX}. */
    static final int VOL_LIST_MAX = 16384;
    private static final int STRING_MAX = RemoteTypes.STRING_MAX;

    private StorageXdr() {
    }

    /** {@code remote_nonnull_storage_pool}: name and uuid; a daemon trusts only the UUID, as libvirtd does. */
    record PoolRef(String name, UUID uuid) {
        static PoolRef read(XdrReader in) {
            return new PoolRef(in.readString(STRING_MAX), RemoteTypes.readUuid(in));
        }

        void write(XdrWriter out) {
            out.writeString(name);
            RemoteTypes.writeUuid(out, uuid);
        }

        /** {@code remote_storage_pool}: an optional pool (the event filter). */
        static PoolRef readOptional(XdrReader in) {
            return in.readBool() ? read(in) : null;
        }

        static void writeOptional(XdrWriter out, PoolRef pool) {
            out.writeBool(pool != null);
            if (pool != null) {
                pool.write(out);
            }
        }
    }

    /**
     * {@code remote_nonnull_storage_vol}: the pool's name, the volume's name and its key; libvirtd looks a volume up
     * by pool and name.
     */
    record VolRef(String pool, String name, String key) {
        static VolRef read(XdrReader in) {
            return new VolRef(in.readString(STRING_MAX), in.readString(STRING_MAX), in.readString(STRING_MAX));
        }

        void write(XdrWriter out) {
            out.writeString(pool).writeString(name).writeString(key);
        }
    }

    /**
     * {@code remote_storage_pool_get_info_ret}: the state ({@code virStoragePoolState}, an {@code unsigned char},
     * which XDR widens to four bytes) and three unsigned hypers of bytes.
     */
    record PoolInfo(int state, long capacity, long allocation, long available) {
        static PoolInfo read(XdrReader in) {
            return new PoolInfo(unsignedChar(in), in.readHyper(), in.readHyper(), in.readHyper());
        }

        void write(XdrWriter out) {
            out.writeInt(state).writeHyper(capacity).writeHyper(allocation).writeHyper(available);
        }
    }

    /**
     * {@code remote_storage_vol_get_info_ret} (and {@code _flags_ret}): the type ({@code virStorageVolType}, a
     * {@code char}, four bytes in XDR), capacity and allocation in bytes.
     */
    record VolInfo(int type, long capacity, long allocation) {
        static VolInfo read(XdrReader in) {
            int type = in.readInt();
            if (type < Byte.MIN_VALUE || type > Byte.MAX_VALUE) {
                throw new XdrException("XDR char out of range: " + type);
            }
            return new VolInfo(type, in.readHyper(), in.readHyper());
        }

        void write(XdrWriter out) {
            out.writeInt(type).writeHyper(capacity).writeHyper(allocation);
        }
    }

    /** {@code remote_connect_list_all_storage_pools_ret}: the pools (none unless asked for) and their count. */
    record PoolList(List<PoolRef> pools, long count) {
        static PoolList read(XdrReader in) {
            List<PoolRef> pools = in.readArray(POOL_LIST_MAX, PoolRef::read);
            return new PoolList(pools, in.readUnsigned());
        }

        void write(XdrWriter out) {
            out.writeArray(pools, (w, p) -> p.write(w));
            out.writeUnsigned(count);
        }
    }

    /** {@code remote_storage_pool_list_all_volumes_ret}: the volumes (none unless asked for) and their count. */
    record VolList(List<VolRef> vols, long count) {
        static VolList read(XdrReader in) {
            List<VolRef> vols = in.readArray(VOL_LIST_MAX, VolRef::read);
            return new VolList(vols, in.readUnsigned());
        }

        void write(XdrWriter out) {
            out.writeArray(vols, (w, v) -> v.write(w));
            out.writeUnsigned(count);
        }
    }

    /** The names of {@code CONNECT_LIST_(DEFINED_)STORAGE_POOLS} and {@code STORAGE_POOL_LIST_VOLUMES}. */
    static List<String> readNames(XdrReader in, int max) {
        return in.readArray(max, r -> r.readString(STRING_MAX));
    }

    static void writeNames(XdrWriter out, List<String> names) {
        out.writeArray(names, XdrWriter::writeString);
    }

    /** {@code remote_storage_pool_event_lifecycle_msg}: {@code virStoragePoolEventLifecycleType} and its detail. */
    record LifecycleEvent(int callbackId, PoolRef pool, int event, int detail) {
        static LifecycleEvent read(XdrReader in) {
            return new LifecycleEvent(in.readInt(), PoolRef.read(in), in.readInt(), in.readInt());
        }

        void write(XdrWriter out) {
            out.writeInt(callbackId);
            pool.write(out);
            out.writeInt(event).writeInt(detail);
        }
    }

    /** {@code remote_storage_pool_event_refresh_msg}. */
    record RefreshEvent(int callbackId, PoolRef pool) {
        static RefreshEvent read(XdrReader in) {
            return new RefreshEvent(in.readInt(), PoolRef.read(in));
        }

        void write(XdrWriter out) {
            out.writeInt(callbackId);
            pool.write(out);
        }
    }

    private static int unsignedChar(XdrReader in) {
        int v = in.readInt();
        if (v < 0 || v > 0xFF) {
            throw new XdrException("XDR unsigned char out of range: " + Integer.toUnsignedString(v));
        }
        return v;
    }
}
