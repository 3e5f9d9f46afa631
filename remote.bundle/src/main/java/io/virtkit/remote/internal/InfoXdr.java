package io.virtkit.remote.internal;

import java.nio.charset.StandardCharsets;

import io.virtkit.api.DomainInfo;
import io.virtkit.api.DomainJobInfo;
import io.virtkit.api.DomainJobType;
import io.virtkit.api.DomainState;
import io.virtkit.api.NodeInfo;

/**
 * {@code remote_node_get_info_ret}, {@code remote_domain_get_info_ret} and {@code remote_domain_get_job_info_ret}:
 * the daemon writes them, the client reads them.
 */
public final class InfoXdr {
    /** {@code char model[32]} of {@code remote_node_get_info_ret}. */
    private static final int MODEL_LENGTH = 32;

    private InfoXdr() {
    }

    /**
     * rpcgen encodes the fixed {@code char model[32]} as 32 XDR chars, four bytes each; the model is cut to 31 bytes
     * so that it stays NUL-terminated.
     */
    public static void writeNodeInfo(XdrWriter out, NodeInfo info) {
        byte[] model = info.cpuModel() == null ? new byte[0] : info.cpuModel().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < MODEL_LENGTH; i++) {
            out.writeInt(i < Math.min(model.length, MODEL_LENGTH - 1) ? model[i] : 0);
        }
        out.writeHyper(info.memoryKiB()).writeInt(info.cpus()).writeInt(info.mhz()).writeInt(info.numaNodes())
                .writeInt(info.sockets()).writeInt(info.coresPerSocket()).writeInt(info.threadsPerCore());
    }

    /** The model up to its first NUL, then the numbers. */
    public static NodeInfo readNodeInfo(XdrReader in) {
        byte[] model = new byte[MODEL_LENGTH];
        int length = -1;
        for (int i = 0; i < MODEL_LENGTH; i++) {
            model[i] = (byte) in.readInt();
            if (model[i] == 0 && length < 0) {
                length = i;
            }
        }
        String cpuModel = new String(model, 0, length < 0 ? MODEL_LENGTH : length, StandardCharsets.UTF_8);
        return new NodeInfo(cpuModel, in.readHyper(), in.readInt(), in.readInt(), in.readInt(), in.readInt(),
                in.readInt(), in.readInt());
    }

    /** unsigned char and unsigned short still take a full XDR unit each. */
    public static void writeDomainInfo(XdrWriter out, DomainInfo info) {
        out.writeInt(info.state().number()).writeHyper(info.maxMemoryKiB()).writeHyper(info.memoryKiB())
                .writeInt(info.vcpus()).writeHyper(info.cpuTimeNanos());
    }

    public static DomainInfo readDomainInfo(XdrReader in) {
        return new DomainInfo(DomainState.ofNumber(in.readInt()), in.readHyper(), in.readHyper(), in.readInt(),
                in.readHyper());
    }

    /** The job's type, then eleven unsigned hypers: times in milliseconds, then data, memory and file bytes. */
    public static void writeJobInfo(XdrWriter out, DomainJobInfo info) {
        out.writeInt(info.type().number())
                .writeHyper(info.timeElapsedMs()).writeHyper(info.timeRemainingMs())
                .writeHyper(info.dataTotal()).writeHyper(info.dataProcessed()).writeHyper(info.dataRemaining())
                .writeHyper(info.memTotal()).writeHyper(info.memProcessed()).writeHyper(info.memRemaining())
                .writeHyper(info.fileTotal()).writeHyper(info.fileProcessed()).writeHyper(info.fileRemaining());
    }

    /** @throws IllegalArgumentException for a job type libvirt does not have */
    public static DomainJobInfo readJobInfo(XdrReader in) {
        DomainJobType type = DomainJobType.of(in.readInt());
        return new DomainJobInfo(type, in.readHyper(), in.readHyper(), in.readHyper(), in.readHyper(), in.readHyper(),
                in.readHyper(), in.readHyper(), in.readHyper(), in.readHyper(), in.readHyper(), in.readHyper());
    }
}
