package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.InterfaceDriver;
import io.virtkit.model.domain.InterfaceDriver.Offloads;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;
import java.util.stream.Stream;

/** An interface's {@code <driver>}: back end, queues, virtio options and the host and guest offloads. */
final class InterfaceDriverXml {

    private static final List<String> HOST = List.of("csum", "gso", "tso4", "tso6", "ecn", "ufo", "mrg_rxbuf");
    private static final List<String> GUEST = List.of("csum", "tso4", "tso6", "ecn", "ufo");

    /** The keys this codec reads, relative to {@code <interface>}. */
    static final List<String> MODELLED = Stream.of(
            Stream.of("driver", "driver@name", "driver@txmode", "driver@ioeventfd", "driver@event_idx",
                    "driver@queues", "driver@rx_queue_size", "driver@tx_queue_size", "driver@rss",
                    "driver@rss_hash_report", "driver/host", "driver/guest"),
            DeviceAttrs.VIRTIO_KEYS.stream().map(k -> "driver" + k),
            HOST.stream().map(k -> "driver/host@" + k), GUEST.stream().map(k -> "driver/guest@" + k))
            .flatMap(s -> s).toList();

    private InterfaceDriverXml() {
    }

    static InterfaceDriver parse(XmlCursor i) {
        XmlCursor d = i.child("driver");
        if (d == null) {
            return null;
        }
        XmlCursor host = d.child("host");
        XmlCursor guest = d.child("guest");
        return InterfaceDriver.builder().name(DeviceAttrs.oneOf(d, "name", "qemu", "vhost", "kvm", "vfio", "xen"))
                .txmode(DeviceAttrs.oneOf(d, "txmode", "iothread", "timer"))
                .ioeventfd(DeviceAttrs.onOff(d, "ioeventfd")).eventIdx(DeviceAttrs.onOff(d, "event_idx"))
                .queues(positive(d, "queues")).rxQueueSize(positive(d, "rx_queue_size"))
                .txQueueSize(positive(d, "tx_queue_size")).rss(DeviceAttrs.onOff(d, "rss"))
                .rssHashReport(DeviceAttrs.onOff(d, "rss_hash_report")).virtio(DeviceAttrs.virtio(d))
                .host(host == null ? null : new Offloads(DeviceAttrs.onOff(host, "csum"),
                        DeviceAttrs.onOff(host, "gso"), DeviceAttrs.onOff(host, "tso4"),
                        DeviceAttrs.onOff(host, "tso6"), DeviceAttrs.onOff(host, "ecn"),
                        DeviceAttrs.onOff(host, "ufo"), DeviceAttrs.onOff(host, "mrg_rxbuf")))
                .guest(guest == null ? null : new Offloads(DeviceAttrs.onOff(guest, "csum"), null,
                        DeviceAttrs.onOff(guest, "tso4"), DeviceAttrs.onOff(guest, "tso6"),
                        DeviceAttrs.onOff(guest, "ecn"), DeviceAttrs.onOff(guest, "ufo"), null))
                .build();
    }

    /** A positive number, with libvirt's wording for a zero or a malformed one. */
    private static Integer positive(XmlCursor d, String attribute) {
        String text = d.attr(attribute);
        if (text == null) {
            return null;
        }
        try {
            int n = Integer.parseUnsignedInt(text);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DomainErrors.xmlError("'" + attribute + "' attribute must be positive number: " + text);
    }

    static void write(XmlWriter w, InterfaceDriver d) {
        if (d == null) {
            return;
        }
        String[] attrs = DeviceAttrs.concat(new String[] {"name", d.name(), "txmode", d.txmode(),
            "ioeventfd", DeviceAttrs.onOff(d.ioeventfd()), "event_idx", DeviceAttrs.onOff(d.eventIdx()),
            "queues", DeviceAttrs.num(d.queues()), "rx_queue_size", DeviceAttrs.num(d.rxQueueSize()),
            "tx_queue_size", DeviceAttrs.num(d.txQueueSize()), "rss", DeviceAttrs.onOff(d.rss()),
            "rss_hash_report", DeviceAttrs.onOff(d.rssHashReport())}, DeviceAttrs.virtioAttrs(d.virtio()));
        if (d.host() == null && d.guest() == null) {
            w.empty("driver", attrs);
            return;
        }
        w.open("driver", attrs);
        if (d.host() != null) {
            Offloads h = d.host();
            w.empty("host", "csum", DeviceAttrs.onOff(h.csum()), "gso", DeviceAttrs.onOff(h.gso()),
                    "tso4", DeviceAttrs.onOff(h.tso4()), "tso6", DeviceAttrs.onOff(h.tso6()),
                    "ecn", DeviceAttrs.onOff(h.ecn()), "ufo", DeviceAttrs.onOff(h.ufo()),
                    "mrg_rxbuf", DeviceAttrs.onOff(h.mrgRxbuf()));
        }
        if (d.guest() != null) {
            Offloads g = d.guest();
            w.empty("guest", "csum", DeviceAttrs.onOff(g.csum()), "tso4", DeviceAttrs.onOff(g.tso4()),
                    "tso6", DeviceAttrs.onOff(g.tso6()), "ecn", DeviceAttrs.onOff(g.ecn()),
                    "ufo", DeviceAttrs.onOff(g.ufo()));
        }
        w.close("driver");
    }
}
