package io.virtkit.remote.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.ToIntFunction;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.Network;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.DomainRef;

/**
 * The XDR shapes shared by many procedures: {@code remote_nonnull_domain}, {@code remote_nonnull_network},
 * {@code remote_uuid}, and libvirt's handling of flag words.
 */
public final class RemoteTypes {
    /** {@code REMOTE_STRING_MAX} of libvirt 9: the longest string argument. */
    public static final int STRING_MAX = Packet.STRING_MAX;
    /** {@code REMOTE_DOMAIN_LIST_MAX} and {@code REMOTE_NETWORK_LIST_MAX}. */
    public static final int LIST_MAX = 16384;

    private RemoteTypes() {
    }

    public static UUID readUuid(XdrReader in) {
        ByteBuffer b = ByteBuffer.wrap(in.readFixedOpaque(16));
        return new UUID(b.getLong(), b.getLong());
    }

    public static void writeUuid(XdrWriter out, UUID uuid) {
        // the 16 bytes of remote_uuid are the UUID's two longs, big-endian: two hypers encode the same
        out.writeHyper(uuid.getMostSignificantBits()).writeHyper(uuid.getLeastSignificantBits());
    }

    /** {@code remote_nonnull_domain}: name, uuid, id; the server trusts only the UUID, like libvirtd. */
    static Domain readDomain(XdrReader in, Connection conn) {
        return conn.lookupDomainByUuid(readDomainUuid(in));
    }

    /** The UUID of a {@code remote_nonnull_domain}, its name and id read and dropped. */
    static UUID readDomainUuid(XdrReader in) {
        return readDomainRef(in).uuid();
    }

    /** {@code remote_nonnull_domain} as it was sent: name, uuid and id. */
    public static DomainRef readDomainRef(XdrReader in) {
        String name = in.readString(STRING_MAX);
        UUID uuid = readUuid(in);
        return new DomainRef(name, uuid, in.readInt());
    }

    public static void writeDomainRef(XdrWriter out, DomainRef d) {
        out.writeString(d.name());
        writeUuid(out, d.uuid());
        out.writeInt(d.id());
    }

    static void writeDomain(XdrWriter out, Domain d) {
        writeDomainRef(out, new DomainRef(d.name(), d.uuid(), idOf(d)));
    }

    /**
     * The domain's id, or -1 when it is not running or no longer exists: an event may name a domain
     * that has vanished by the time it is sent (an undefined one, a stopped transient one).
     */
    static int idOf(Domain d) {
        try {
            return d.id();
        } catch (VirtException e) {
            return -1;
        }
    }

    /** {@code remote_nonnull_network}: name and uuid; only the UUID is trusted. */
    static Network readNetwork(XdrReader in, Connection conn) {
        in.readString(STRING_MAX);
        return conn.lookupNetworkByUuid(readUuid(in));
    }

    static void writeNetwork(XdrWriter out, Network n) {
        out.writeString(n.name());
        writeUuid(out, n.uuid());
    }

    /**
     * The flags of {@code known} set in {@code bits}; any other bit is refused as libvirt refuses it:
     * INVALID_ARG "unsupported flags (0x..) in function virXxx".
     */
    static <E extends Enum<E>> List<E> flags(long bits, E[] known, ToIntFunction<E> bit, String function,
            ErrorDomain domain) {
        List<E> result = new ArrayList<>();
        long all = 0;
        for (E f : known) {
            all |= bit.applyAsInt(f);
            if ((bits & bit.applyAsInt(f)) != 0) {
                result.add(f);
            }
        }
        refuseFlags(bits & ~all, function, domain);
        return result;
    }

    /** Refuses every bit in {@code extra}; none is fine. */
    static void refuseFlags(long extra, String function, ErrorDomain domain) {
        if (extra != 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, domain,
                    "unsupported flags (0x" + Long.toHexString(extra) + ") in function " + function);
        }
    }

    /** libvirt's check of a list call's bound ({@code maxids}, {@code maxnames}). */
    static int listBound(int requested, String what) {
        if (requested < 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.RPC,
                    "invalid argument: " + what + " must not be negative");
        }
        if (requested > LIST_MAX) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC, what + " > " + LIST_MAX);
        }
        return requested;
    }
}
