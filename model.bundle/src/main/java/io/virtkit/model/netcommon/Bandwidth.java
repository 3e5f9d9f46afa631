package io.virtkit.model.netcommon;

/**
 * A {@code <bandwidth>} limit: libvirt's QoS of a network, a portgroup or an interface.
 *
 * @param classId  the tc class libvirt assigned ({@code classID}, status XML only), or {@code null}
 * @param inbound  the limits of traffic towards the guests, or {@code null}
 * @param outbound the limits of traffic from the guests, or {@code null}
 */
public record Bandwidth(Long classId, BandwidthRate inbound, BandwidthRate outbound) {

    /** Whether no direction is limited (libvirt then drops the element). */
    public boolean isEmpty() {
        return inbound == null && outbound == null;
    }
}
