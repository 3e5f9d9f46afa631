package io.virtkit.remote.internal;

import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Flag;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StoragePoolBuildFlag;
import io.virtkit.api.StoragePoolCreateFlag;
import io.virtkit.api.StoragePoolDeleteFlag;
import io.virtkit.api.StoragePoolInfo;
import io.virtkit.api.StoragePoolListFlag;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;
import io.virtkit.api.StorageVolumeDeleteFlag;
import io.virtkit.api.StorageVolumeInfo;
import io.virtkit.api.StorageVolumeInfoFlag;
import io.virtkit.api.StorageVolumeResizeFlag;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.StorageVolumeWipeAlgorithm;
import io.virtkit.api.StorageXmlFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;
import io.virtkit.remote.internal.StorageArgs.CreateXmlFrom;
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
import io.virtkit.remote.internal.StorageXdr.PoolInfo;
import io.virtkit.remote.internal.StorageXdr.PoolList;
import io.virtkit.remote.internal.StorageXdr.PoolRef;
import io.virtkit.remote.internal.StorageXdr.VolInfo;
import io.virtkit.remote.internal.StorageXdr.VolList;
import io.virtkit.remote.internal.StorageXdr.VolRef;

/**
 * The storage procedures, each decoding its {@code remote_storage_*_args} ({@link StorageArgs}, {@link StorageXdr}),
 * calling the client's {@link Connection}, {@link StoragePool} or {@link StorageVolume}, and encoding the reply.
 * Flags outside what libvirt's public function knows are refused with its "unsupported flags" error; the driver
 * refuses the known ones it cannot honour. Upload and download open a stream in the client's {@link StreamTable}
 * under the call's serial; the stream starts once the call's OK reply is out.
 */
final class StorageProcedures {
    private static final int STRING_MAX = RemoteTypes.STRING_MAX;

    private StorageProcedures() {
    }

    /**
     * @param call the header of the call (a stream is keyed by its procedure and serial)
     * @param streams the client's streams; null where the transport has none (then upload and download fail)
     */
    static void call(Procedure p, Connection conn, Header call, StreamTable streams, XdrReader in, XdrWriter out) {
        String fn = p.function();
        switch (p) {
            // ---- connection-wide ----
            case CONNECT_NUM_OF_STORAGE_POOLS ->
                out.writeInt(conn.listAllStoragePools(StoragePoolListFlag.ACTIVE).size());
            case CONNECT_NUM_OF_DEFINED_STORAGE_POOLS ->
                out.writeInt(conn.listAllStoragePools(StoragePoolListFlag.INACTIVE).size());
            case CONNECT_LIST_STORAGE_POOLS -> poolNames(conn, StoragePoolListFlag.ACTIVE, in, out);
            case CONNECT_LIST_DEFINED_STORAGE_POOLS -> poolNames(conn, StoragePoolListFlag.INACTIVE, in, out);
            case CONNECT_LIST_ALL_STORAGE_POOLS -> {
                ListAll args = ListAll.read(in);
                List<StoragePoolListFlag> wanted = flags(args.flags(), StoragePoolListFlag.values(), fn);
                List<StoragePool> pools = conn.listAllStoragePools(wanted.toArray(StoragePoolListFlag[]::new));
                bound(pools.size(), StorageXdr.POOL_LIST_MAX, "storage pools");
                new PoolList(args.needResults() ? pools.stream().map(StorageProcedures::ref).toList() : List.of(),
                        pools.size()).write(out);
            }
            case CONNECT_FIND_STORAGE_POOL_SOURCES -> {
                FindPoolSources args = FindPoolSources.read(in);
                refuse(args.flags(), fn);
                out.writeString(conn.findStoragePoolSources(args.type(), args.srcSpec()));
            }
            // ---- pools ----
            case STORAGE_POOL_LOOKUP_BY_NAME -> write(out, conn.lookupStoragePoolByName(in.readString(STRING_MAX)));
            case STORAGE_POOL_LOOKUP_BY_UUID -> write(out, conn.lookupStoragePoolByUuid(RemoteTypes.readUuid(in)));
            case STORAGE_POOL_LOOKUP_BY_VOLUME -> write(out, volume(conn, VolRef.read(in)).pool());
            case STORAGE_POOL_DEFINE_XML -> {
                XmlFlags args = XmlFlags.read(in);
                // the only flag, VALIDATE, asks for RNG schema validation, which Virtkit does not have
                refuse(args.flags(), fn);
                write(out, conn.defineStoragePool(args.xml()));
            }
            case STORAGE_POOL_CREATE_XML -> {
                XmlFlags args = XmlFlags.read(in);
                write(out, conn.createStoragePool(args.xml(),
                        flags(args.flags(), StoragePoolCreateFlag.values(), fn).toArray(StoragePoolCreateFlag[]::new)));
            }
            case STORAGE_POOL_CREATE -> {
                PoolFlags args = PoolFlags.read(in);
                pool(conn, args.pool()).start(
                        flags(args.flags(), StoragePoolCreateFlag.values(), fn).toArray(StoragePoolCreateFlag[]::new));
            }
            case STORAGE_POOL_BUILD -> {
                PoolFlags args = PoolFlags.read(in);
                pool(conn, args.pool()).build(
                        flags(args.flags(), StoragePoolBuildFlag.values(), fn).toArray(StoragePoolBuildFlag[]::new));
            }
            case STORAGE_POOL_DELETE -> {
                PoolFlags args = PoolFlags.read(in);
                pool(conn, args.pool()).delete(
                        flags(args.flags(), StoragePoolDeleteFlag.values(), fn).toArray(StoragePoolDeleteFlag[]::new));
            }
            case STORAGE_POOL_REFRESH -> {
                PoolFlags args = PoolFlags.read(in);
                refuse(args.flags(), fn);
                pool(conn, args.pool()).refresh();
            }
            case STORAGE_POOL_DESTROY -> pool(conn, PoolRef.read(in)).destroy();
            case STORAGE_POOL_UNDEFINE -> pool(conn, PoolRef.read(in)).undefine();
            case STORAGE_POOL_GET_INFO -> {
                StoragePoolInfo i = pool(conn, PoolRef.read(in)).info();
                new PoolInfo(i.state().number(), i.capacity(), i.allocation(), i.available()).write(out);
            }
            case STORAGE_POOL_GET_XML_DESC -> {
                PoolFlags args = PoolFlags.read(in);
                List<StorageXmlFlag> flags = flags(args.flags(), StorageXmlFlag.values(), fn);
                out.writeString(pool(conn, args.pool()).xml(flags.toArray(StorageXmlFlag[]::new)));
            }
            case STORAGE_POOL_GET_AUTOSTART -> out.writeInt(pool(conn, PoolRef.read(in)).autostart() ? 1 : 0);
            case STORAGE_POOL_SET_AUTOSTART -> {
                PoolInt args = PoolInt.read(in);
                pool(conn, args.pool()).setAutostart(args.value() != 0);
            }
            case STORAGE_POOL_IS_ACTIVE -> out.writeInt(pool(conn, PoolRef.read(in)).isActive() ? 1 : 0);
            case STORAGE_POOL_IS_PERSISTENT -> out.writeInt(pool(conn, PoolRef.read(in)).isPersistent() ? 1 : 0);
            case STORAGE_POOL_NUM_OF_VOLUMES -> out.writeInt(pool(conn, PoolRef.read(in)).listVolumes().size());
            case STORAGE_POOL_LIST_VOLUMES -> {
                PoolInt args = PoolInt.read(in);
                int max = args.value();
                if (max < 0 || max > StorageXdr.VOL_LIST_MAX) {
                    throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                            "maxnames > REMOTE_STORAGE_VOL_LIST_MAX");
                }
                StorageXdr.writeNames(out, pool(conn, args.pool()).listVolumes().stream()
                        .map(StorageVolume::name).limit(max).toList());
            }
            case STORAGE_POOL_LIST_ALL_VOLUMES -> {
                PoolListAll args = PoolListAll.read(in);
                refuse(args.flags(), fn);
                List<StorageVolume> vols = pool(conn, args.pool()).listVolumes();
                bound(vols.size(), StorageXdr.VOL_LIST_MAX, "storage volumes");
                new VolList(args.needResults() ? vols.stream().map(StorageProcedures::ref).toList() : List.of(),
                        vols.size()).write(out);
            }
            // ---- volumes ----
            case STORAGE_VOL_LOOKUP_BY_NAME -> {
                PoolName args = PoolName.read(in);
                write(out, pool(conn, args.pool()).lookupVolume(args.name()));
            }
            case STORAGE_VOL_LOOKUP_BY_KEY -> write(out, conn.lookupStorageVolumeByKey(in.readString(STRING_MAX)));
            case STORAGE_VOL_LOOKUP_BY_PATH -> write(out, conn.lookupStorageVolumeByPath(in.readString(STRING_MAX)));
            case STORAGE_VOL_CREATE_XML -> {
                PoolXmlFlags args = PoolXmlFlags.read(in);
                List<StorageVolumeCreateFlag> flags = flags(args.flags(), StorageVolumeCreateFlag.values(), fn);
                write(out, pool(conn, args.pool()).createVolume(args.xml(),
                        flags.toArray(StorageVolumeCreateFlag[]::new)));
            }
            case STORAGE_VOL_CREATE_XML_FROM -> {
                CreateXmlFrom args = CreateXmlFrom.read(in);
                List<StorageVolumeCreateFlag> flags = flags(args.flags(), StorageVolumeCreateFlag.values(), fn);
                StoragePool target = pool(conn, args.pool());
                write(out, target.createVolumeFrom(args.xml(), volume(conn, args.cloneVol()),
                        flags.toArray(StorageVolumeCreateFlag[]::new)));
            }
            case STORAGE_VOL_DELETE -> {
                VolFlags args = VolFlags.read(in);
                List<StorageVolumeDeleteFlag> flags = flags(args.flags(), StorageVolumeDeleteFlag.values(), fn);
                volume(conn, args.vol()).delete(flags.toArray(StorageVolumeDeleteFlag[]::new));
            }
            case STORAGE_VOL_WIPE -> {
                VolFlags args = VolFlags.read(in);
                refuse(args.flags(), fn);
                volume(conn, args.vol()).wipe();
            }
            case STORAGE_VOL_WIPE_PATTERN -> {
                WipePattern args = WipePattern.read(in);
                refuse(args.flags(), fn);
                StorageVolume v = volume(conn, args.vol());
                v.wipe(algorithm(args.algorithm()));
            }
            case STORAGE_VOL_RESIZE -> {
                Resize args = Resize.read(in);
                List<StorageVolumeResizeFlag> flags = flags(args.flags(), StorageVolumeResizeFlag.values(), fn);
                volume(conn, args.vol()).resize(args.capacity(), flags.toArray(StorageVolumeResizeFlag[]::new));
            }
            case STORAGE_VOL_GET_INFO -> writeInfo(out, volume(conn, VolRef.read(in)).info());
            case STORAGE_VOL_GET_INFO_FLAGS -> {
                VolFlags args = VolFlags.read(in);
                List<StorageVolumeInfoFlag> flags = flags(args.flags(), StorageVolumeInfoFlag.values(), fn);
                writeInfo(out, volume(conn, args.vol()).info(flags.toArray(StorageVolumeInfoFlag[]::new)));
            }
            case STORAGE_VOL_GET_XML_DESC -> {
                VolFlags args = VolFlags.read(in);
                refuse(args.flags(), fn);
                out.writeString(volume(conn, args.vol()).xml());
            }
            case STORAGE_VOL_GET_PATH -> out.writeString(volume(conn, VolRef.read(in)).path());
            case STORAGE_VOL_UPLOAD -> upload(conn, call, streams, Transfer.read(in), fn);
            case STORAGE_VOL_DOWNLOAD -> download(conn, call, streams, Transfer.read(in), fn);
            default -> throw new IllegalStateException("not a storage procedure: " + p);
        }
    }

    /**
     * Opens the volume's upload and a stream feeding it: the client starts sending once it has the OK reply.
     * A stream that cannot be opened aborts the upload, so that the volume is not left held.
     */
    private static void upload(Connection conn, Header call, StreamTable streams, Transfer args, String fn) {
        StreamTable table = streamsOf(streams);
        VolumeUpload upload = volume(conn, args.vol()).upload(args.offset(), args.length(), streamFlags(args, fn));
        openOrAbort(() -> table.openUpload(call, args.sparse(), new VolumeUploadSink(upload)), upload::abort);
    }

    /** Opens the volume's download and a stream sending it, which starts once the OK reply is out. */
    private static void download(Connection conn, Header call, StreamTable streams, Transfer args, String fn) {
        StreamTable table = streamsOf(streams);
        VolumeDownload download = volume(conn, args.vol()).download(args.offset(), args.length(),
                streamFlags(args, fn));
        openOrAbort(() -> table.openDownload(call, args.sparse(), new VolumeDownloadSource(download)),
                download::abort);
    }

    private static void openOrAbort(Runnable open, Runnable abort) {
        try {
            open.run();
        } catch (RuntimeException e) {
            abort.run();
            throw e;
        }
    }

    private static StorageVolumeStreamFlag[] streamFlags(Transfer args, String fn) {
        return flags(args.flags(), StorageVolumeStreamFlag.values(), fn).toArray(StorageVolumeStreamFlag[]::new);
    }

    private static StreamTable streamsOf(StreamTable streams) {
        if (streams == null) {
            throw new VirtException(ErrorCode.NO_SUPPORT, ErrorDomain.RPC, "streams on this transport");
        }
        return streams;
    }

    /** {@code virStorageVolWipeAlgorithm}; a number libvirt does not know is the driver's "not supported" error. */
    private static StorageVolumeWipeAlgorithm algorithm(long number) {
        for (StorageVolumeWipeAlgorithm a : StorageVolumeWipeAlgorithm.values()) {
            if (a.number() == number) {
                return a;
            }
        }
        throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.STORAGE,
                "wiping algorithm " + number + " not supported");
    }

    private static void poolNames(Connection conn, StoragePoolListFlag which, XdrReader in, XdrWriter out) {
        int max = in.readInt();
        if (max < 0 || max > StorageXdr.POOL_LIST_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                    "maxnames > REMOTE_STORAGE_POOL_LIST_MAX");
        }
        StorageXdr.writeNames(out, conn.listAllStoragePools(which).stream().map(StoragePool::name).limit(max).toList());
    }

    /** The pool a {@code remote_nonnull_storage_pool} names: by UUID only, as libvirtd trusts only that. */
    private static StoragePool pool(Connection conn, PoolRef ref) {
        return conn.lookupStoragePoolByUuid(ref.uuid());
    }

    /** The volume a {@code remote_nonnull_storage_vol} names: by its pool's name and its own, as libvirtd's drivers. */
    private static StorageVolume volume(Connection conn, VolRef ref) {
        return conn.lookupStoragePoolByName(ref.pool()).lookupVolume(ref.name());
    }

    static PoolRef ref(StoragePool pool) {
        return new PoolRef(pool.name(), pool.uuid());
    }

    static VolRef ref(StorageVolume vol) {
        return new VolRef(vol.poolName(), vol.name(), vol.key());
    }

    private static void write(XdrWriter out, StoragePool pool) {
        ref(pool).write(out);
    }

    private static void write(XdrWriter out, StorageVolume vol) {
        ref(vol).write(out);
    }

    private static void writeInfo(XdrWriter out, StorageVolumeInfo i) {
        new VolInfo(i.type().number(), i.capacity(), i.allocation()).write(out);
    }

    private static <E extends Enum<E> & Flag> List<E> flags(long bits, E[] known, String fn) {
        return RemoteTypes.flags(bits, known, Flag::bit, fn, ErrorDomain.STORAGE);
    }

    private static void refuse(long bits, String fn) {
        RemoteTypes.refuseFlags(bits, fn, ErrorDomain.STORAGE);
    }

    private static void bound(int n, int max, String what) {
        if (n > max) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many " + what + " " + n);
        }
    }
}
