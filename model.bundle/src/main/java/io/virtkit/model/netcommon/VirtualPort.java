package io.virtkit.model.netcommon;

import java.util.UUID;

/**
 * A {@code <virtualport>}: the switch port profile of a network, portgroup or interface. Each parameter is
 * {@code null} when absent; which ones a type allows is checked by the codec, as libvirt does.
 *
 * @param type          the switch type, or {@code null} when left to the network or interface it is merged with
 * @param managerId     802.1Qbg {@code managerid} (0-255)
 * @param typeId        802.1Qbg {@code typeid} (0-16777215)
 * @param typeIdVersion 802.1Qbg {@code typeidversion} (0-255)
 * @param instanceId    802.1Qbg {@code instanceid}
 * @param profileId     802.1Qbh or Open vSwitch {@code profileid} (at most 39 characters)
 * @param interfaceId   Open vSwitch or MidoNet {@code interfaceid}
 */
public record VirtualPort(VirtualPortType type, Integer managerId, Integer typeId, Integer typeIdVersion,
        UUID instanceId, String profileId, UUID interfaceId) {

    /** Whether any parameter is set (else no {@code <parameters>} element is written). */
    public boolean hasParameters() {
        return managerId != null || typeId != null || typeIdVersion != null || instanceId != null
                || profileId != null || interfaceId != null;
    }
}
