package io.virtkit.model.domain;

/**
 * A {@code <controller>}'s settings beyond its type, index and model; each {@code null} when absent.
 *
 * @param ports            a USB or virtio-serial controller's ports
 * @param vectors          a virtio-serial controller's MSI-X vectors
 * @param maxGrantFrames   a Xen bus's grant frames
 * @param maxEventChannels a Xen bus's event channels
 * @param modelName        a PCI controller's device model ({@code <model name>}: {@code pcie-root-port},
 *                         {@code pci-bridge}, {@code i82801b11-bridge} …)
 * @param chassisNr        a PCI bridge's chassis number ({@code <target chassisNr>})
 * @param chassis          a PCIe port's chassis
 * @param port             a PCIe port's port number
 * @param busNr            an expander bus's first bus number
 * @param targetIndex      a pSeries PHB's index
 * @param hotplug          whether a PCIe port allows hot-plug ({@code on}/{@code off})
 * @param memReserve       memory reserved behind a port, in KiB
 * @param numaNode         the NUMA node of an expander bus ({@code <target><node>})
 * @param queues           a virtio or SCSI controller's queues ({@code <driver queues>})
 * @param cmdPerLun        a virtio-scsi controller's commands per LUN
 * @param maxSectors       a virtio-scsi controller's largest transfer
 * @param ioeventfd        whether virtio notifications go through an eventfd
 * @param iothread         the IOThread (by id) serving a virtio-scsi controller
 * @param iommu            virtio option: use the IOMMU
 * @param ats              virtio option: address translation services
 * @param packed           virtio option: packed virtqueues
 * @param pagePerVq        virtio option: a page per virtqueue
 * @param masterStartPort  a USB companion controller's first port on its master ({@code <master startport>})
 * @param pciHole64KiB     the 64-bit PCI hole of a root bus, in KiB ({@code <pcihole64>})
 */
public record ControllerSettings(Integer ports, Integer vectors, Integer maxGrantFrames, Integer maxEventChannels,
        String modelName, Integer chassisNr, Integer chassis, Integer port, Integer busNr, Integer targetIndex,
        Boolean hotplug, Long memReserve, Integer numaNode, Integer queues, Integer cmdPerLun, Integer maxSectors,
        Boolean ioeventfd, Integer iothread, Boolean iommu, Boolean ats, Boolean packed, Boolean pagePerVq,
        Integer masterStartPort, Long pciHole64KiB) {

    /** Nothing set. */
    public static final ControllerSettings NONE = new ControllerSettings(null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);

    /** {@code value}, or {@link #NONE} for {@code null}. */
    public static ControllerSettings orNone(ControllerSettings value) {
        return value == null ? NONE : value;
    }

    /** Whether a {@code <target>} is written. */
    public boolean hasTarget() {
        return chassisNr != null || chassis != null || port != null || busNr != null || targetIndex != null
                || hotplug != null || memReserve != null || numaNode != null;
    }

    /** Whether a {@code <driver>} is written. */
    public boolean hasDriver() {
        return queues != null || cmdPerLun != null || maxSectors != null || ioeventfd != null || iothread != null
                || iommu != null || ats != null || packed != null || pagePerVq != null;
    }

    /** Whether any child element is written. */
    public boolean hasChildren() {
        return modelName != null || hasTarget() || hasDriver() || masterStartPort != null || pciHole64KiB != null;
    }
}
