package io.virtkit.remote.internal;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.MemoryModFlag;
import io.virtkit.api.VcpuFlag;
import io.virtkit.api.VirtException;

/**
 * The memory and vCPU procedures ({@code remote_domain_set_memory*}, {@code set_max_memory}, {@code set_vcpus*},
 * {@code get_vcpus_flags}, {@code get_max_vcpus}, {@code get_max_memory}) and domxml-from-native. The calls
 * without flags are libvirt's change of the running domain ({@code virDomainSetMemory}, {@code virDomainSetVcpus}
 * are AFFECT_LIVE in its drivers); the maximum memory without flags is the driver's choice.
 */
final class DomainResourceProcedures {

    private DomainResourceProcedures() {
    }

    static void call(Procedure p, Connection conn, XdrReader in, XdrWriter out) {
        String fn = p.function();
        switch (p) {
            case DOMAIN_GET_MAX_MEMORY -> out.writeHyper(RemoteTypes.readDomain(in, conn).maxMemory());
            case DOMAIN_GET_MAX_VCPUS -> out.writeInt(RemoteTypes.readDomain(in, conn).maxVcpus());
            case DOMAIN_GET_VCPUS_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                out.writeInt(d.vcpusFlags(vcpuFlags(in.readUnsigned(), fn, p)));
            }
            case DOMAIN_SET_MAX_MEMORY -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                d.setMaxMemory(in.readHyper());
            }
            case DOMAIN_SET_MEMORY -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                long kib = in.readHyper();
                nonZero(kib, "memory", fn);
                d.setMemory(kib, MemoryModFlag.LIVE);
            }
            case DOMAIN_SET_MEMORY_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                long kib = in.readHyper();
                d.setMemory(kib, RemoteTypes.flags(in.readUnsigned(), MemoryModFlag.values(), MemoryModFlag::bit, fn,
                        p.errorDomain()).toArray(MemoryModFlag[]::new));
            }
            case DOMAIN_SET_VCPUS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                int count = in.readInt(); // unsigned on the wire: drivers compare and print it unsigned
                nonZero(count, "nvcpus", fn);
                d.setVcpus(count, VcpuFlag.LIVE);
            }
            case DOMAIN_SET_VCPUS_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                int count = in.readInt();
                d.setVcpus(count, vcpuFlags(in.readUnsigned(), fn, p));
            }
            case CONNECT_DOMAIN_XML_FROM_NATIVE -> {
                String format = in.readString(RemoteTypes.STRING_MAX);
                String config = in.readString(RemoteTypes.STRING_MAX);
                // libvirt 9.0 defines no flag for it: the driver refuses any (as libvirt's virCheckFlags)
                long flags = in.readUnsigned();
                RemoteTypes.refuseFlags(flags, fn, p.errorDomain());
                out.writeString(conn.domainXmlFromNative(format, config));
            }
            default -> throw new IllegalStateException("not a memory or vCPU procedure: " + p);
        }
    }

    private static VcpuFlag[] vcpuFlags(long bits, String function, Procedure p) {
        return RemoteTypes.flags(bits, VcpuFlag.values(), VcpuFlag::bit, function, p.errorDomain())
                .toArray(VcpuFlag[]::new);
    }

    /** libvirt's {@code virCheckNonZeroArg} of the public calls the daemon makes for the flagless procedures. */
    private static void nonZero(long value, String name, String function) {
        if (value == 0) {
            throw VirtException.withMessage(ErrorCode.INVALID_ARG, ErrorDomain.DOMAIN,
                    name + " in " + function + " must not be zero");
        }
    }
}
