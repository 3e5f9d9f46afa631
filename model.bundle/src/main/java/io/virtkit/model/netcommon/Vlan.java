package io.virtkit.model.netcommon;

import java.util.List;

/**
 * A {@code <vlan>}: the VLAN tags of a network, portgroup or interface.
 *
 * @param trunk whether the port is a trunk ({@code trunk='yes'}); always true with several tags, as libvirt
 * @param tags  the tags, at least one
 */
public record Vlan(boolean trunk, List<VlanTag> tags) {

    public Vlan {
        tags = List.copyOf(tags);
        trunk = trunk || tags.size() > 1;
    }
}
