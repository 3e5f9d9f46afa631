package io.virtkit.model.domain;

/**
 * An interface's {@code <driver>}: the back end and its queues, the virtio options, and the offloads of the
 * host ({@code <host>}) and guest ({@code <guest>}) side; each {@code null} when absent.
 *
 * @param name          {@code qemu} or {@code vhost} (a virtio NIC), {@code kvm}, {@code vfio} or {@code xen}
 *                      (a hostdev NIC)
 * @param txmode        {@code iothread} or {@code timer}
 * @param ioeventfd     whether I/O is done through ioeventfd
 * @param eventIdx      whether the virtio event index is used
 * @param queues        the number of queue pairs (at least 1)
 * @param rxQueueSize   the receive queue size (at least 1)
 * @param txQueueSize   the transmit queue size (at least 1)
 * @param rss           whether receive side scaling is on
 * @param rssHashReport whether the RSS hash is reported to the guest
 * @param virtio        the virtio options ({@link VirtioOptions#NONE} when none; {@code null} reads as that)
 * @param host          the host side's offloads ({@code <host>}), or {@code null}
 * @param guest         the guest side's offloads ({@code <guest>}; {@code gso} and {@code mrgRxbuf} unset), or
 *                      {@code null}
 */
public record InterfaceDriver(String name, String txmode, Boolean ioeventfd, Boolean eventIdx, Integer queues,
        Integer rxQueueSize, Integer txQueueSize, Boolean rss, Boolean rssHashReport, VirtioOptions virtio,
        Offloads host, Offloads guest) {

    public InterfaceDriver {
        virtio = virtio == null ? VirtioOptions.NONE : virtio;
        for (Integer n : new Integer[] {queues, rxQueueSize, txQueueSize}) {
            if (n != null && n < 1) {
                throw new IllegalArgumentException("a queue count or size must be positive");
            }
        }
    }

    /**
     * The offload switches of one side of a virtio NIC; each {@code null} when not set.
     *
     * @param csum     checksum offload
     * @param gso      generic segmentation offload (host side only)
     * @param tso4     TCP segmentation offload for IPv4
     * @param tso6     TCP segmentation offload for IPv6
     * @param ecn      TSO with explicit congestion notification
     * @param ufo      UDP fragmentation offload
     * @param mrgRxbuf mergeable receive buffers (host side only)
     */
    public record Offloads(Boolean csum, Boolean gso, Boolean tso4, Boolean tso6, Boolean ecn, Boolean ufo,
            Boolean mrgRxbuf) {
    }

    /** A builder with nothing set. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link InterfaceDriver} one component at a time. */
    public static final class Builder {
        private String name;
        private String txmode;
        private Boolean ioeventfd;
        private Boolean eventIdx;
        private Integer queues;
        private Integer rxQueueSize;
        private Integer txQueueSize;
        private Boolean rss;
        private Boolean rssHashReport;
        private VirtioOptions virtio = VirtioOptions.NONE;
        private Offloads host;
        private Offloads guest;

        private Builder() {
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder txmode(String value) {
            txmode = value;
            return this;
        }

        public Builder ioeventfd(Boolean value) {
            ioeventfd = value;
            return this;
        }

        public Builder eventIdx(Boolean value) {
            eventIdx = value;
            return this;
        }

        public Builder queues(Integer value) {
            queues = value;
            return this;
        }

        public Builder rxQueueSize(Integer value) {
            rxQueueSize = value;
            return this;
        }

        public Builder txQueueSize(Integer value) {
            txQueueSize = value;
            return this;
        }

        public Builder rss(Boolean value) {
            rss = value;
            return this;
        }

        public Builder rssHashReport(Boolean value) {
            rssHashReport = value;
            return this;
        }

        public Builder virtio(VirtioOptions value) {
            virtio = value;
            return this;
        }

        public Builder host(Offloads value) {
            host = value;
            return this;
        }

        public Builder guest(Offloads value) {
            guest = value;
            return this;
        }

        public InterfaceDriver build() {
            return new InterfaceDriver(name, txmode, ioeventfd, eventIdx, queues, rxQueueSize, txQueueSize, rss,
                    rssHashReport, virtio, host, guest);
        }
    }
}
