package io.virtkit.qemu.internal.command;

import static io.virtkit.qemu.internal.command.QemuArgv.unsupported;

import io.virtkit.model.domain.InterfaceDevice;
import io.virtkit.model.domain.InterfaceDriver;
import io.virtkit.model.domain.InterfaceDriver.Offloads;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An interface's {@code <driver>} as properties of the virtio-net device: TX mode, ioeventfd, event index,
 * receive queue size, packed rings, a page per queue and the host and guest offloads. Refused at start
 * ({@link #check}): vhost-net and the hostdev drivers, more than one queue pair (a multiqueue TAP the driver
 * does not open), a transmit queue size (QEMU honours it only for vhost-user), RSS, the IOMMU and ATS
 * options, and any of it on a NIC other than virtio.
 */
final class QemuNicDriverArgs {

    private QemuNicDriverArgs() {
    }

    static void check(InterfaceDevice nic) {
        InterfaceDriver d = nic.settings().driver();
        if (d == null) {
            return;
        }
        if (d.name() != null && !d.name().equals("qemu")) {
            throw unsupported("interface driver name '" + d.name() + "' is not supported by the QEMU driver");
        }
        String model = nic.model() == null ? QemuCommandLine.DEFAULT_NIC_MODEL : nic.model();
        if (!model.equals("virtio") && !d.equals(InterfaceDriver.builder().name(d.name()).build())) {
            throw unsupported("interface driver settings are only supported on virtio network interfaces");
        }
        if (d.queues() != null && d.queues() > 1) {
            throw unsupported("multiqueue network interfaces (driver queues='" + d.queues()
                    + "') are not supported by the QEMU driver");
        }
        if (d.txQueueSize() != null) {
            throw unsupported("interface driver tx_queue_size is not supported by the QEMU driver"
                    + " (QEMU takes it for vhost-user only)");
        }
        Integer rx = d.rxQueueSize();
        if (rx != null && (rx < 256 || rx > 1024 || Integer.bitCount(rx) != 1)) {
            throw unsupported("interface driver rx_queue_size must be a power of two from 256 to 1024");
        }
        if (d.rss() != null || d.rssHashReport() != null) {
            throw unsupported("interface driver rss is not supported by the QEMU driver");
        }
        if (d.virtio().iommu() != null || d.virtio().ats() != null) {
            throw unsupported("interface driver iommu and ats options are not supported by the QEMU driver");
        }
    }

    /** The device properties, in a stable order; values are Strings, Integers or Booleans. */
    static Map<String, Object> properties(InterfaceDevice nic) {
        Map<String, Object> p = new LinkedHashMap<>();
        InterfaceDriver d = nic.settings().driver();
        if (d == null) {
            return p;
        }
        if (d.txmode() != null) {
            p.put("tx", d.txmode().equals("iothread") ? "bh" : "timer");
        }
        put(p, "ioeventfd", d.ioeventfd());
        put(p, "event_idx", d.eventIdx());
        if (d.rxQueueSize() != null) {
            p.put("rx_queue_size", d.rxQueueSize());
        }
        put(p, "packed", d.virtio().packed());
        put(p, "page-per-vq", d.virtio().pagePerVq());
        offloads(p, d.host(), "csum", "gso", "host_tso4", "host_tso6", "host_ecn", "host_ufo", "mrg_rxbuf");
        offloads(p, d.guest(), "guest_csum", null, "guest_tso4", "guest_tso6", "guest_ecn", "guest_ufo", null);
        return p;
    }

    /** The properties as {@code -device} option text. */
    static String suffix(InterfaceDevice nic) {
        StringBuilder s = new StringBuilder();
        properties(nic).forEach((k, v) -> s.append(',').append(k).append('=')
                .append(v instanceof Boolean b ? (b ? "on" : "off") : v.toString()));
        return s.toString();
    }

    /** The offload switches of one side under QEMU's names (in {@link Offloads}' order; null: none). */
    private static void offloads(Map<String, Object> p, Offloads o, String... names) {
        if (o == null) {
            return;
        }
        Boolean[] values = {o.csum(), o.gso(), o.tso4(), o.tso6(), o.ecn(), o.ufo(), o.mrgRxbuf()};
        for (int n = 0; n < names.length; n++) {
            if (names[n] != null) {
                put(p, names[n], values[n]);
            }
        }
    }

    private static void put(Map<String, Object> p, String key, Boolean value) {
        if (value != null) {
            p.put(key, value);
        }
    }
}
