package io.virtkit.remote.internal;

import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSnapshot;
import io.virtkit.api.DomainSnapshotCreateFlag;
import io.virtkit.api.DomainSnapshotDeleteFlag;
import io.virtkit.api.DomainSnapshotListFlag;
import io.virtkit.api.DomainSnapshotRevertFlag;
import io.virtkit.api.DomainSnapshotXmlFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * The domain snapshot procedures of libvirt's {@code remote_protocol.x}, each decoding its
 * {@code remote_domain_snapshot_*_args} and encoding its reply. A snapshot travels as
 * {@code remote_nonnull_domain_snapshot} (its name, then its domain); as libvirtd, the server trusts the domain's
 * UUID and the name, and the driver answers NO_DOMAIN_SNAPSHOT for a name it does not know.
 */
final class SnapshotProcedures {
    /** {@code REMOTE_DOMAIN_SNAPSHOT_LIST_MAX}. */
    static final int LIST_MAX = 16384;

    private SnapshotProcedures() {
    }

    /** @param secrets whether the client may see secrets ({@code virDomainSnapshotGetXMLDesc}'s check) */
    static void call(Procedure p, Connection conn, SecretAccess secrets, XdrReader in, XdrWriter out) {
        String fn = p.function();
        ErrorDomain from = p.errorDomain();
        switch (p) {
            case DOMAIN_SNAPSHOT_CREATE_XML -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                String xml = in.readString(RemoteTypes.STRING_MAX);
                DomainSnapshotCreateFlag[] flags = RemoteTypes.flags(in.readUnsigned(),
                        DomainSnapshotCreateFlag.values(), DomainSnapshotCreateFlag::bit, fn, from)
                        .toArray(DomainSnapshotCreateFlag[]::new);
                writeSnapshot(out, d.createSnapshot(xml, flags));
            }
            case DOMAIN_SNAPSHOT_GET_XML_DESC -> {
                DomainSnapshot s = readSnapshot(in, conn);
                long bits = in.readUnsigned();
                if ((bits & DomainSnapshotXmlFlag.SECURE.bit()) != 0) {
                    secrets.check("virDomainSnapshotGetXMLDesc", from, conn);
                }
                out.writeString(s.xml(RemoteTypes.flags(bits, DomainSnapshotXmlFlag.values(),
                        DomainSnapshotXmlFlag::bit, fn, from).toArray(DomainSnapshotXmlFlag[]::new)));
            }
            case DOMAIN_SNAPSHOT_NUM -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                out.writeInt(d.listAllSnapshots(listFlags(in.readUnsigned(), fn, from)).size());
            }
            case DOMAIN_SNAPSHOT_LIST_NAMES -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                int max = maxNames(in.readInt());
                writeNames(out, d.listAllSnapshots(listFlags(in.readUnsigned(), fn, from)), max);
            }
            case DOMAIN_LIST_ALL_SNAPSHOTS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                boolean needResults = in.readInt() != 0;
                writeAll(out, d.listAllSnapshots(listFlags(in.readUnsigned(), fn, from)), needResults);
            }
            case DOMAIN_SNAPSHOT_NUM_CHILDREN -> {
                DomainSnapshot s = readSnapshot(in, conn);
                out.writeInt(s.listAllChildren(listFlags(in.readUnsigned(), fn, from)).size());
            }
            case DOMAIN_SNAPSHOT_LIST_CHILDREN_NAMES -> {
                DomainSnapshot s = readSnapshot(in, conn);
                int max = maxNames(in.readInt());
                writeNames(out, s.listAllChildren(listFlags(in.readUnsigned(), fn, from)), max);
            }
            case DOMAIN_SNAPSHOT_LIST_ALL_CHILDREN -> {
                DomainSnapshot s = readSnapshot(in, conn);
                boolean needResults = in.readInt() != 0;
                writeAll(out, s.listAllChildren(listFlags(in.readUnsigned(), fn, from)), needResults);
            }
            case DOMAIN_SNAPSHOT_LOOKUP_BY_NAME -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                String name = in.readString(RemoteTypes.STRING_MAX);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                writeSnapshot(out, d.snapshotLookupByName(name));
            }
            case DOMAIN_HAS_CURRENT_SNAPSHOT -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                out.writeInt(d.hasCurrentSnapshot() ? 1 : 0);
            }
            case DOMAIN_SNAPSHOT_CURRENT -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                writeSnapshot(out, d.currentSnapshot());
            }
            case DOMAIN_SNAPSHOT_GET_PARENT -> {
                DomainSnapshot s = readSnapshot(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                writeSnapshot(out, s.parent());
            }
            case DOMAIN_SNAPSHOT_IS_CURRENT -> {
                DomainSnapshot s = readSnapshot(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                out.writeInt(s.isCurrent() ? 1 : 0);
            }
            case DOMAIN_SNAPSHOT_HAS_METADATA -> {
                DomainSnapshot s = readSnapshot(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, from);
                out.writeInt(s.hasMetadata() ? 1 : 0);
            }
            case DOMAIN_REVERT_TO_SNAPSHOT -> {
                DomainSnapshot s = readSnapshot(in, conn);
                s.revert(RemoteTypes.flags(in.readUnsigned(), DomainSnapshotRevertFlag.values(),
                        DomainSnapshotRevertFlag::bit, fn, from).toArray(DomainSnapshotRevertFlag[]::new));
            }
            case DOMAIN_SNAPSHOT_DELETE -> {
                DomainSnapshot s = readSnapshot(in, conn);
                s.delete(RemoteTypes.flags(in.readUnsigned(), DomainSnapshotDeleteFlag.values(),
                        DomainSnapshotDeleteFlag::bit, fn, from).toArray(DomainSnapshotDeleteFlag[]::new));
            }
            default -> throw new IllegalStateException(p.toString());
        }
    }

    /**
     * Undefining with VIR_DOMAIN_UNDEFINE_SNAPSHOTS_METADATA: the domain's snapshot metadata goes, roots with their
     * descendants; a driver without snapshots has none to drop.
     */
    static void dropMetadata(Domain d) {
        List<DomainSnapshot> roots;
        try {
            roots = d.listAllSnapshots(DomainSnapshotListFlag.ROOTS);
        } catch (VirtException e) {
            if (e.code() == ErrorCode.NO_SUPPORT) {
                return;
            }
            throw e;
        }
        for (DomainSnapshot root : roots) {
            root.delete(DomainSnapshotDeleteFlag.CHILDREN);
        }
    }

    /** {@code remote_nonnull_domain_snapshot}: the snapshot's name, then its domain. */
    static DomainSnapshot readSnapshot(XdrReader in, Connection conn) {
        String name = in.readString(RemoteTypes.STRING_MAX);
        return RemoteTypes.readDomain(in, conn).snapshotLookupByName(name);
    }

    static void writeSnapshot(XdrWriter out, DomainSnapshot s) {
        out.writeString(s.name());
        RemoteTypes.writeDomain(out, s.domain());
    }

    /** The list flags as the API's: bit 0 is ROOTS for a domain and DESCENDANTS for a snapshot, the same bit. */
    private static DomainSnapshotListFlag[] listFlags(long bits, String function, ErrorDomain from) {
        return RemoteTypes.flags(bits, DomainSnapshotListFlag.values(), DomainSnapshotListFlag::bit, function, from)
                .toArray(DomainSnapshotListFlag[]::new);
    }

    private static int maxNames(int requested) {
        if (requested < 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.RPC,
                    "invalid argument: maxnames must not be negative");
        }
        if (requested > LIST_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                    "maxnames > REMOTE_DOMAIN_SNAPSHOT_LIST_MAX");
        }
        return requested;
    }

    private static void writeNames(XdrWriter out, List<DomainSnapshot> snapshots, int max) {
        out.writeArray(snapshots.stream().map(DomainSnapshot::name).limit(max).toList(), XdrWriter::writeString);
    }

    private static void writeAll(XdrWriter out, List<DomainSnapshot> snapshots, boolean needResults) {
        if (snapshots.size() > LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many snapshots " + snapshots.size());
        }
        out.writeArray(needResults ? snapshots : List.of(), SnapshotProcedures::writeSnapshot);
        out.writeInt(snapshots.size());
    }
}
