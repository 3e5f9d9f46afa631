package io.virtkit.remote.internal;

import io.virtkit.remote.internal.StorageXdr.PoolRef;
import io.virtkit.remote.internal.StorageXdr.VolRef;

/**
 * The argument structs of libvirt's storage procedures ({@code remote_*_args} in {@code remote_protocol.x}) that
 * are more than one scalar, a string or a bare handle; flags are XDR unsigned ints, kept as Java longs so that
 * every bit reaches libvirt's "unsupported flags" check.
 */
final class StorageArgs {
    private static final int STRING_MAX = RemoteTypes.STRING_MAX;

    private StorageArgs() {
    }

    /** {@code remote_storage_pool_create_xml_args}, {@code remote_storage_pool_define_xml_args}. */
    record XmlFlags(String xml, long flags) {
        static XmlFlags read(XdrReader in) {
            return new XmlFlags(in.readString(STRING_MAX), in.readUnsigned());
        }

        void write(XdrWriter out) {
            out.writeString(xml).writeUnsigned(flags);
        }
    }

    /** A pool and flags: pool build, create, delete, refresh, get XML desc. */
    record PoolFlags(PoolRef pool, long flags) {
        static PoolFlags read(XdrReader in) {
            return new PoolFlags(PoolRef.read(in), in.readUnsigned());
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeUnsigned(flags);
        }
    }

    /** A pool and an int: {@code autostart} of pool set autostart, {@code maxnames} of pool list volumes. */
    record PoolInt(PoolRef pool, int value) {
        static PoolInt read(XdrReader in) {
            return new PoolInt(PoolRef.read(in), in.readInt());
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeInt(value);
        }
    }

    /** {@code remote_storage_vol_lookup_by_name_args}. */
    record PoolName(PoolRef pool, String name) {
        static PoolName read(XdrReader in) {
            return new PoolName(PoolRef.read(in), in.readString(STRING_MAX));
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeString(name);
        }
    }

    /** {@code remote_storage_vol_create_xml_args}. */
    record PoolXmlFlags(PoolRef pool, String xml, long flags) {
        static PoolXmlFlags read(XdrReader in) {
            return new PoolXmlFlags(PoolRef.read(in), in.readString(STRING_MAX), in.readUnsigned());
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeString(xml).writeUnsigned(flags);
        }
    }

    /** {@code remote_storage_vol_create_xml_from_args}: a new volume in {@code pool} cloned from {@code cloneVol}. */
    record CreateXmlFrom(PoolRef pool, String xml, VolRef cloneVol, long flags) {
        static CreateXmlFrom read(XdrReader in) {
            return new CreateXmlFrom(PoolRef.read(in), in.readString(STRING_MAX), VolRef.read(in), in.readUnsigned());
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeString(xml);
            cloneVol.write(out);
            out.writeUnsigned(flags);
        }
    }

    /** A volume and flags: vol delete, wipe, get XML desc, get info flags. */
    record VolFlags(VolRef vol, long flags) {
        static VolFlags read(XdrReader in) {
            return new VolFlags(VolRef.read(in), in.readUnsigned());
        }

        void write(XdrWriter out) {
            vol.write(out);
            out.writeUnsigned(flags);
        }
    }

    /** {@code remote_storage_vol_wipe_pattern_args}: {@code virStorageVolWipeAlgorithm}. */
    record WipePattern(VolRef vol, long algorithm, long flags) {
        static WipePattern read(XdrReader in) {
            return new WipePattern(VolRef.read(in), in.readUnsigned(), in.readUnsigned());
        }

        void write(XdrWriter out) {
            vol.write(out);
            out.writeUnsigned(algorithm).writeUnsigned(flags);
        }
    }

    /** {@code remote_storage_vol_resize_args}: the capacity is an unsigned hyper (Java long, read unsigned). */
    record Resize(VolRef vol, long capacity, long flags) {
        static Resize read(XdrReader in) {
            return new Resize(VolRef.read(in), in.readHyper(), in.readUnsigned());
        }

        void write(XdrWriter out) {
            vol.write(out);
            out.writeHyper(capacity).writeUnsigned(flags);
        }
    }

    /**
     * {@code remote_storage_vol_upload_args} and {@code remote_storage_vol_download_args}: the byte range (unsigned
     * hypers; a length of 0 means to the end) and flags ({@code SPARSE_STREAM}, bit 0, allows holes on the stream).
     */
    record Transfer(VolRef vol, long offset, long length, long flags) {
        /** {@code VIR_STORAGE_VOL_UPLOAD_SPARSE_STREAM} and {@code VIR_STORAGE_VOL_DOWNLOAD_SPARSE_STREAM}. */
        static final int SPARSE_STREAM = 1;

        static Transfer read(XdrReader in) {
            return new Transfer(VolRef.read(in), in.readHyper(), in.readHyper(), in.readUnsigned());
        }

        void write(XdrWriter out) {
            vol.write(out);
            out.writeHyper(offset).writeHyper(length).writeUnsigned(flags);
        }

        boolean sparse() {
            return (flags & SPARSE_STREAM) != 0;
        }
    }

    /** {@code remote_connect_find_storage_pool_sources_args}: the pool type and an optional source XML. */
    record FindPoolSources(String type, String srcSpec, long flags) {
        static FindPoolSources read(XdrReader in) {
            return new FindPoolSources(in.readString(STRING_MAX), in.readOptionalString(STRING_MAX), in.readUnsigned());
        }

        void write(XdrWriter out) {
            out.writeString(type).writeOptionalString(srcSpec).writeUnsigned(flags);
        }
    }

    /** {@code remote_connect_list_all_storage_pools_args}. */
    record ListAll(boolean needResults, long flags) {
        static ListAll read(XdrReader in) {
            return new ListAll(in.readInt() != 0, in.readUnsigned());
        }

        void write(XdrWriter out) {
            out.writeInt(needResults ? 1 : 0).writeUnsigned(flags);
        }
    }

    /** {@code remote_storage_pool_list_all_volumes_args}. */
    record PoolListAll(PoolRef pool, boolean needResults, long flags) {
        static PoolListAll read(XdrReader in) {
            return new PoolListAll(PoolRef.read(in), in.readInt() != 0, in.readUnsigned());
        }

        void write(XdrWriter out) {
            pool.write(out);
            out.writeInt(needResults ? 1 : 0).writeUnsigned(flags);
        }
    }

    /**
     * {@code remote_connect_storage_pool_event_register_any_args}: {@code virStoragePoolEventID} (0 lifecycle,
     * 1 refresh) and an optional pool to watch alone.
     */
    record EventRegister(int eventId, PoolRef pool) {
        static final int EVENT_ID_LIFECYCLE = 0;
        static final int EVENT_ID_REFRESH = 1;

        static EventRegister read(XdrReader in) {
            return new EventRegister(in.readInt(), PoolRef.readOptional(in));
        }

        void write(XdrWriter out) {
            out.writeInt(eventId);
            PoolRef.writeOptional(out, pool);
        }
    }
}
