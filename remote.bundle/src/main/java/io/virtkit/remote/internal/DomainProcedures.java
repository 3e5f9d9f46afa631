package io.virtkit.remote.internal;

import java.util.List;

import io.virtkit.api.Connection;
import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainStateInfo;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;

/** The domain procedures, each decoding its {@code remote_domain_*_args} and encoding its reply. */
final class DomainProcedures {
    /** {@code virDomainUndefineFlagsValues}. */
    static final int UNDEFINE_MANAGED_SAVE = 1;
    static final int UNDEFINE_SNAPSHOTS_METADATA = 1 << 1;
    static final int UNDEFINE_NVRAM = 1 << 2;
    static final int UNDEFINE_KEEP_NVRAM = 1 << 3;
    static final int UNDEFINE_CHECKPOINTS_METADATA = 1 << 4;
    static final int UNDEFINE_TPM = 1 << 5;
    static final int UNDEFINE_KEEP_TPM = 1 << 6;

    private DomainProcedures() {
    }

    /** @param secrets whether the client may read a domain's XML with its secrets */
    static void call(Procedure p, Connection conn, SecretAccess secrets, XdrReader in, XdrWriter out) {
        String fn = p.function();
        switch (p) {
            case CONNECT_LIST_ALL_DOMAINS -> listAll(conn, in, out);
            case CONNECT_NUM_OF_DOMAINS -> out.writeInt(conn.listAllDomains(DomainListFlag.ACTIVE).size());
            case CONNECT_NUM_OF_DEFINED_DOMAINS -> out.writeInt(conn.listAllDomains(DomainListFlag.INACTIVE).size());
            case CONNECT_LIST_DOMAINS -> {
                int max = RemoteTypes.listBound(in.readInt(), "maxids");
                List<Integer> ids = conn.listAllDomains(DomainListFlag.ACTIVE).stream().map(RemoteTypes::idOf)
                        .filter(id -> id >= 0).limit(max).toList();
                out.writeArray(ids, XdrWriter::writeInt);
            }
            case CONNECT_LIST_DEFINED_DOMAINS -> {
                int max = RemoteTypes.listBound(in.readInt(), "maxnames");
                List<String> names = conn.listAllDomains(DomainListFlag.INACTIVE).stream().map(Domain::name)
                        .limit(max).toList();
                out.writeArray(names, XdrWriter::writeString);
            }
            case DOMAIN_LOOKUP_BY_NAME -> RemoteTypes.writeDomain(out, conn.lookupDomainByName(in.readString(RemoteTypes.STRING_MAX)));
            case DOMAIN_LOOKUP_BY_UUID -> RemoteTypes.writeDomain(out, conn.lookupDomainByUuid(RemoteTypes.readUuid(in)));
            case DOMAIN_LOOKUP_BY_ID -> RemoteTypes.writeDomain(out, conn.lookupDomainById(in.readInt()));
            case DOMAIN_DEFINE_XML -> RemoteTypes.writeDomain(out, conn.defineDomain(in.readString(RemoteTypes.STRING_MAX)));
            case DOMAIN_DEFINE_XML_FLAGS -> {
                String xml = in.readString(RemoteTypes.STRING_MAX);
                // VIR_DOMAIN_DEFINE_VALIDATE asks for RNG schema validation, which Virtkit does not have
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                RemoteTypes.writeDomain(out, conn.defineDomain(xml));
            }
            case DOMAIN_CREATE_XML -> {
                String xml = in.readString(RemoteTypes.STRING_MAX);
                StartFlag[] flags = startFlags(in.readUnsigned(), fn);
                RemoteTypes.writeDomain(out, conn.createDomain(xml, flags));
            }
            case DOMAIN_CREATE -> RemoteTypes.readDomain(in, conn).start();
            case DOMAIN_CREATE_WITH_FLAGS -> { // the reply carries the domain's new id
                Domain d = RemoteTypes.readDomain(in, conn);
                d.start(startFlags(in.readUnsigned(), fn));
                RemoteTypes.writeDomain(out, d);
            }
            case DOMAIN_GET_INFO -> InfoXdr.writeDomainInfo(out, RemoteTypes.readDomain(in, conn).info());
            case DOMAIN_GET_STATE -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                DomainStateInfo st = d.state();
                out.writeInt(st.state().number()).writeInt(st.reason().number());
            }
            case DOMAIN_MANAGED_SAVE, DOMAIN_HAS_MANAGED_SAVE_IMAGE, DOMAIN_MANAGED_SAVE_REMOVE, DOMAIN_SAVE,
                    DOMAIN_SAVE_FLAGS, DOMAIN_RESTORE, DOMAIN_RESTORE_FLAGS -> SaveProcedures.call(p, conn, in, out);
            // memory and vCPUs, and domxml-from-native
            case DOMAIN_GET_MAX_MEMORY, DOMAIN_GET_MAX_VCPUS, DOMAIN_GET_VCPUS_FLAGS, DOMAIN_SET_MAX_MEMORY,
                    DOMAIN_SET_MEMORY, DOMAIN_SET_MEMORY_FLAGS, DOMAIN_SET_VCPUS, DOMAIN_SET_VCPUS_FLAGS,
                    CONNECT_DOMAIN_XML_FROM_NATIVE -> DomainResourceProcedures.call(p, conn, in, out);
            case DOMAIN_GET_XML_DESC -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                long bits = in.readUnsigned();
                if ((bits & XmlFlag.SECURE.bit()) != 0) { // libvirt's check in virDomainGetXMLDesc
                    secrets.check("virDomainGetXMLDesc", ErrorDomain.DOMAIN, conn);
                }
                out.writeString(d.xml(RemoteTypes.flags(bits, XmlFlag.values(), XmlFlag::bit, fn, p.errorDomain())
                        .toArray(XmlFlag[]::new)));
            }
            case DOMAIN_ATTACH_DEVICE, DOMAIN_DETACH_DEVICE, DOMAIN_ATTACH_DEVICE_FLAGS, DOMAIN_DETACH_DEVICE_FLAGS,
                    DOMAIN_UPDATE_DEVICE_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                String xml = in.readString(RemoteTypes.STRING_MAX);
                boolean flagged = p != Procedure.DOMAIN_ATTACH_DEVICE && p != Procedure.DOMAIN_DETACH_DEVICE;
                // the calls without flags are libvirt's change of the running domain only (AFFECT_LIVE)
                DeviceModifyFlag[] flags = flagged ? RemoteTypes.flags(in.readUnsigned(), DeviceModifyFlag.values(),
                        DeviceModifyFlag::bit, fn, p.errorDomain()).toArray(DeviceModifyFlag[]::new)
                        : new DeviceModifyFlag[] {DeviceModifyFlag.LIVE};
                switch (p) {
                    case DOMAIN_ATTACH_DEVICE, DOMAIN_ATTACH_DEVICE_FLAGS -> d.attachDevice(xml, flags);
                    case DOMAIN_UPDATE_DEVICE_FLAGS -> d.updateDevice(xml, flags);
                    default -> d.detachDevice(xml, flags);
                }
            }
            case DOMAIN_SUSPEND -> RemoteTypes.readDomain(in, conn).suspend();
            case DOMAIN_RESUME -> RemoteTypes.readDomain(in, conn).resume();
            case DOMAIN_DESTROY -> RemoteTypes.readDomain(in, conn).destroy();
            case DOMAIN_DESTROY_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                // GRACEFUL (1) promises no SIGKILL, REMOVE_LOGS (2) log removal: Virtkit's destroy offers neither
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                d.destroy();
            }
            case DOMAIN_SHUTDOWN -> RemoteTypes.readDomain(in, conn).shutdown();
            case DOMAIN_SHUTDOWN_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                // the modes (ACPI, agent, initctl, signal, paravirt) are the driver's choice in Virtkit
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                d.shutdown();
            }
            case DOMAIN_REBOOT -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                RemoteTypes.refuseFlags(in.readUnsigned(), fn, p.errorDomain());
                d.reboot();
            }
            case DOMAIN_UNDEFINE -> RemoteTypes.readDomain(in, conn).undefine();
            case DOMAIN_UNDEFINE_FLAGS -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                long bits = in.readUnsigned();
                undefineFlags(bits, fn, p.errorDomain());
                if ((bits & UNDEFINE_MANAGED_SAVE) != 0) {
                    SaveProcedures.dropImage(d); // a managed save image goes first
                }
                if ((bits & UNDEFINE_SNAPSHOTS_METADATA) != 0) {
                    SnapshotProcedures.dropMetadata(d); // snapshots: the domain's metadata goes first
                }
                d.undefine();
            }
            case DOMAIN_GET_AUTOSTART -> out.writeInt(RemoteTypes.readDomain(in, conn).autostart() ? 1 : 0);
            case DOMAIN_SET_AUTOSTART -> {
                Domain d = RemoteTypes.readDomain(in, conn);
                d.setAutostart(in.readInt() != 0);
            }
            case DOMAIN_IS_ACTIVE -> out.writeInt(RemoteTypes.readDomain(in, conn).isActive() ? 1 : 0);
            case DOMAIN_IS_PERSISTENT -> out.writeInt(RemoteTypes.readDomain(in, conn).isPersistent() ? 1 : 0);
            case DOMAIN_IS_UPDATED -> { // Virtkit applies changes to both definitions at once
                RemoteTypes.readDomain(in, conn);
                out.writeInt(0);
            }
            case DOMAIN_GET_OS_TYPE -> out.writeString(RemoteTypes.readDomain(in, conn).osType());
            default -> throw new IllegalStateException("not a domain procedure: " + p);
        }
    }

    private static void listAll(Connection conn, XdrReader in, XdrWriter out) {
        boolean needResults = in.readInt() != 0;
        List<DomainListFlag> wanted = RemoteTypes.flags(in.readUnsigned(), DomainListFlag.values(),
                DomainListFlag::bit, "virConnectListAllDomains", ErrorDomain.DOMAIN);
        List<Domain> domains = conn.listAllDomains(wanted.toArray(DomainListFlag[]::new));
        if (domains.size() > RemoteTypes.LIST_MAX) {
            throw new VirtException(ErrorCode.RPC, ErrorDomain.RPC, "too many domains " + domains.size());
        }
        out.writeArray(needResults ? domains : List.of(), RemoteTypes::writeDomain);
        out.writeUnsigned(domains.size());
    }

    private static StartFlag[] startFlags(long bits, String function) {
        return RemoteTypes.flags(bits, StartFlag.values(), StartFlag::bit, function, ErrorDomain.DOMAIN)
                .toArray(StartFlag[]::new);
    }

    /**
     * The undefine flags Virtkit can honour: managed save images and snapshot metadata go before the undefine;
     * it keeps no checkpoints, NVRAM or TPM state of its own, so asking to remove or keep them is satisfied by
     * undefining.
     * libvirt's exclusivity checks still apply.
     */
    static void undefineFlags(long bits, String function, ErrorDomain domain) {
        long known = UNDEFINE_MANAGED_SAVE | UNDEFINE_SNAPSHOTS_METADATA | UNDEFINE_NVRAM | UNDEFINE_KEEP_NVRAM
                | UNDEFINE_CHECKPOINTS_METADATA | UNDEFINE_TPM | UNDEFINE_KEEP_TPM;
        RemoteTypes.refuseFlags(bits & ~known, function, domain);
        exclusive(bits, UNDEFINE_NVRAM, "VIR_DOMAIN_UNDEFINE_NVRAM", UNDEFINE_KEEP_NVRAM,
                "VIR_DOMAIN_UNDEFINE_KEEP_NVRAM", domain);
        exclusive(bits, UNDEFINE_TPM, "VIR_DOMAIN_UNDEFINE_TPM", UNDEFINE_KEEP_TPM, "VIR_DOMAIN_UNDEFINE_KEEP_TPM",
                domain);
    }

    private static void exclusive(long bits, int a, String aName, int b, String bName, ErrorDomain domain) {
        if ((bits & a) != 0 && (bits & b) != 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, domain,
                    "Flags '" + aName + "' and '" + bName + "' are mutually exclusive");
        }
    }
}
