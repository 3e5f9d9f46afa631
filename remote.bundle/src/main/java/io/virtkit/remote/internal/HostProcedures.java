package io.virtkit.remote.internal;

import java.nio.charset.StandardCharsets;

import io.virtkit.api.Connection;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.NodeInfo;
import io.virtkit.api.VirtException;

/** The host's procedures: type, versions, hostname, URI, node info, capabilities, domain capabilities. */
final class HostProcedures {
    /** {@code char model[32]} of {@code remote_node_get_info_ret}. */
    private static final int MODEL_LENGTH = 32;

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
            case NODE_GET_INFO -> nodeInfo(conn.nodeInfo(), out);
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

    /**
     * {@code remote_node_get_info_ret}. rpcgen encodes the fixed {@code char model[32]} as 32 XDR chars,
     * four bytes each; the model is cut to 31 bytes so that it stays NUL-terminated.
     */
    static void nodeInfo(NodeInfo info, XdrWriter out) {
        byte[] model = info.cpuModel() == null ? new byte[0] : info.cpuModel().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < MODEL_LENGTH; i++) {
            out.writeInt(i < Math.min(model.length, MODEL_LENGTH - 1) ? model[i] : 0);
        }
        out.writeHyper(info.memoryKiB()).writeInt(info.cpus()).writeInt(info.mhz()).writeInt(info.numaNodes())
                .writeInt(info.sockets()).writeInt(info.coresPerSocket()).writeInt(info.threadsPerCore());
    }
}
