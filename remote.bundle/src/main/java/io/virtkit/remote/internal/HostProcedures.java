package io.virtkit.remote.internal;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

/** The host's procedures: type, versions, hostname, URI, node info, capabilities, domain capabilities. */
final class HostProcedures {
    private HostProcedures() {
    }

    static void call(Procedure p, Connection conn, boolean secure, XdrReader in, XdrWriter out) {
        switch (p) {
            case CONNECT_GET_TYPE -> out.writeString(conn.type());
            case CONNECT_GET_VERSION -> out.writeHyper(conn.hypervisorVersion());
            case CONNECT_GET_LIB_VERSION -> out.writeHyper(conn.libraryVersion());
            case CONNECT_GET_HOSTNAME -> out.writeString(conn.hostname());
            case CONNECT_GET_URI -> out.writeString(conn.uri());
            case CONNECT_GET_CAPABILITIES -> out.writeString(conn.capabilities());
            case CONNECT_IS_SECURE -> out.writeInt(secure ? 1 : 0);
            case NODE_GET_INFO -> InfoXdr.writeNodeInfo(out, conn.nodeInfo());
            case NODE_GET_SECURITY_MODEL -> {
                // Virtkit confines guests with no security driver: libvirt then answers an empty model
                // (as QEMU without one does), and virsh prints no security lines
                out.writeInt(0).writeInt(0);
            }
            case CONNECT_GET_SYSINFO -> {
                RemoteTypes.refuseFlags(in.readUnsigned(), p.function(), p.errorDomain());
                out.writeString(conn.sysinfo()); // NO_SUPPORT from drivers that do not describe the host
            }
            case CONNECT_GET_DOMAIN_CAPABILITIES -> {
                // remote_connect_get_domain_capabilities_args: four optional strings, then the flags, which
                // the driver checks (libvirt's drivers do: the daemon passes them through)
                String emulatorbin = in.readOptionalString(RemoteTypes.STRING_MAX);
                String arch = in.readOptionalString(RemoteTypes.STRING_MAX);
                String machine = in.readOptionalString(RemoteTypes.STRING_MAX);
                String virttype = in.readOptionalString(RemoteTypes.STRING_MAX);
                long flags = in.readUnsigned();
                out.writeString(conn.domainCapabilities(emulatorbin, arch, machine, virttype, flags));
            }
            case CONNECT_GET_MAX_VCPUS -> {
                in.readOptionalString(RemoteTypes.STRING_MAX);
                throw unsupported(p);
            }
            default -> throw new IllegalStateException("not a host procedure: " + p);
        }
    }

    /** What libvirtd answers for a function the connection's driver does not have. */
    private static VirtException unsupported(Procedure p) {
        return new VirtException(ErrorCode.NO_SUPPORT, p.errorDomain(), p.function());
    }
}
