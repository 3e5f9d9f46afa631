package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bridges, ports, MAC, MTU and link state over rtnetlink, inside a namespace made for each test. */
class RtnetlinkTest {
    private TestNetns ns;
    private Rtnetlink nl;

    @BeforeEach
    void enterNamespace() {
        ns = TestNetns.create();
        nl = ns.call(Rtnetlink::open);
    }

    @AfterEach
    void removeNamespace() {
        try {
            if (nl != null) {
                nl.close();
            }
        } finally {
            ns.close();
        }
    }

    private List<String> linkNames() {
        return ns.call(() -> nl.links().stream().map(l -> l.index() + ":" + l.name()).toList());
    }

    @Test
    void aFreshNamespaceHoldsOnlyLoopback() {
        List<LinkInfo> links = ns.call(nl::links);
        assertThat(links).extracting(LinkInfo::name).containsExactly("lo");
        LinkInfo lo = ns.call(() -> nl.requireLink("lo"));
        assertThat(lo.index()).isEqualTo(1);
        assertThat(lo.mtu()).isEqualTo(65536);
        assertThat(lo.master()).isEmpty();
        assertThat(ns.call(() -> nl.exists("nope0"))).isFalse();
    }

    @Test
    void missingLinkIsLibvirtsNoSuchDevice() {
        assertThatThrownBy(() -> ns.call(() -> nl.requireLink("nope0")))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NONE);
                })
                .hasMessage("Unable to get index for interface nope0: No such device");
    }

    @Test
    void bridgeCreateAttachDetachDelete() {
        List<String> before = linkNames();
        ns.run(() -> nl.createBridge("vkbr0"));
        LinkInfo br = ns.call(() -> nl.requireLink("vkbr0"));
        assertThat(br.kind()).contains("bridge");
        assertThat(ns.ipIn("-d", "link", "show", "vkbr0")).contains("bridge");

        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet0")))) {
            ns.run(() -> nl.attachToBridge("vnet0", "vkbr0"));
            assertThat(ns.call(() -> nl.requireLink("vnet0")).master()).hasValue(br.index());
            assertThat(ns.ipIn("link", "show", "master", "vkbr0")).contains("vnet0");

            ns.run(() -> nl.detachFromBridge("vnet0", "vkbr0"));
            assertThat(ns.call(() -> nl.requireLink("vnet0")).master()).isEmpty();

            // a port that is not on the bridge cannot be detached from it
            assertThatThrownBy(() -> ns.run(() -> nl.detachFromBridge("vnet0", "vkbr0")))
                    .hasMessage("Unable to remove bridge vkbr0 port vnet0: Invalid argument");
        }
        ns.run(() -> nl.deleteLink("vkbr0"));
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void closingAnAttachedTransientTapRemovesItFromTheBridge() {
        ns.run(() -> nl.createBridge("vkbr1"));
        List<String> before = linkNames();
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet7")))) {
            ns.run(() -> nl.attachToBridge("vnet7", "vkbr1"));
        }
        assertThat(linkNames()).isEqualTo(before);
        assertThat(ns.ipIn("link", "show", "master", "vkbr1")).doesNotContain("vnet7");
    }

    @Test
    void creatingAnExistingBridgeFailsAndChangesNothing() {
        ns.run(() -> nl.createBridge("vkbr2"));
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.run(() -> nl.createBridge("vkbr2")))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                .hasMessage("error creating bridge interface vkbr2: File exists");
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void badBridgeNamesAreRefusedAndLeaveNothing() {
        List<String> before = linkNames();
        assertThatThrownBy(() -> ns.run(() -> nl.createBridge("br/0")))
                .hasMessage("error creating bridge interface br/0: Invalid argument");
        assertThatThrownBy(() -> ns.run(() -> nl.createBridge("br 0")))
                .hasMessage("error creating bridge interface br 0: Invalid argument");
        assertThatThrownBy(() -> ns.run(() -> nl.createBridge("averyverylongbridge")))
                .hasMessage("Network interface name 'averyverylongbridge' is too long: Numerical result out of range");
        assertThat(linkNames()).isEqualTo(before);
    }

    @Test
    void attachingToAMissingBridgeFailsAndLeavesThePortAlone() {
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet1")))) {
            List<String> before = linkNames();
            assertThatThrownBy(() -> ns.run(() -> nl.attachToBridge("vnet1", "nobr")))
                    .hasMessage("Unable to add bridge nobr port vnet1: No such device");
            assertThat(ns.call(() -> nl.requireLink("vnet1")).master()).isEmpty();
            assertThat(linkNames()).isEqualTo(before);
        }
    }

    @Test
    void deletingAMissingLinkIsAnError() {
        assertThatThrownBy(() -> ns.run(() -> nl.deleteLink("nope1")))
                .hasMessage("error destroying network device nope1: No such device");
    }

    @Test
    void tapGetsTheGuestDerivedMacMtuAndComesUp() {
        MacAddress guest = MacAddress.parse("52:54:00:12:34:56");
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet2")))) {
            ns.run(() -> {
                nl.setMac("vnet2", guest.forTap());
                nl.setMtu("vnet2", 1400);
                nl.setUp("vnet2", true);
            });
            LinkInfo l = ns.call(() -> nl.requireLink("vnet2"));
            assertThat(l.mac()).contains(MacAddress.parse("fe:54:00:12:34:56"));
            assertThat(l.mtu()).isEqualTo(1400);
            assertThat(l.isUp()).isTrue();
            assertThat(ns.ipIn("link", "show", "vnet2")).contains("fe:54:00:12:34:56").contains("mtu 1400").contains("UP");

            ns.run(() -> nl.setUp("vnet2", false));
            assertThat(ns.call(() -> nl.requireLink("vnet2")).isUp()).isFalse();
        }
    }

    @Test
    void tapTakesTheBridgesMtuWhenNoneIsRequested() {
        ns.run(() -> {
            nl.createBridge("vkbr3");
            nl.setMtu("vkbr3", 1450);
        });
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet3")))) {
            int bridgeMtu = ns.call(() -> nl.requireLink("vkbr3").mtu());
            ns.run(() -> {
                nl.setMtu("vnet3", bridgeMtu);
                nl.attachToBridge("vnet3", "vkbr3");
            });
            assertThat(ns.call(() -> nl.requireLink("vnet3").mtu())).isEqualTo(1450);
            assertThat(ns.call(() -> nl.requireLink("vkbr3").mtu())).isEqualTo(1450);
        }
    }

    @Test
    void invalidMtuIsASystemErrorAndLeavesTheOldOne() {
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet4")))) {
            int mtu = ns.call(() -> nl.requireLink("vnet4").mtu());
            assertThatThrownBy(() -> ns.run(() -> nl.setMtu("vnet4", 10)))
                    .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SYSTEM_ERROR))
                    .hasMessage("Cannot set interface MTU on 'vnet4': Invalid argument");
            assertThat(ns.call(() -> nl.requireLink("vnet4").mtu())).isEqualTo(mtu);
        }
    }

    @Test
    void settingAMulticastMacIsRefused() {
        try (TapDevice tap = ns.call(() -> TapDevice.create(TapDevice.Spec.transientTap("vnet5")))) {
            assertThatThrownBy(() -> ns.run(() -> nl.setMac("vnet5", MacAddress.parse("01:00:5e:00:00:01"))))
                    .hasMessage("Cannot set interface MAC to 01:00:5e:00:00:01 on 'vnet5': Cannot assign requested address");
        }
    }

    @Test
    void operationsOnAMissingLinkSayNoSuchDevice() {
        assertThatThrownBy(() -> ns.run(() -> nl.setUp("ghost0", true)))
                .hasMessage("Cannot set interface flags on 'ghost0': No such device");
        assertThatThrownBy(() -> ns.run(() -> nl.setMtu("ghost0", 1500)))
                .hasMessage("Cannot set interface MTU on 'ghost0': No such device");
    }

    @Test
    void closedSocketRefusesFurtherUse() {
        Rtnetlink other = ns.call(Rtnetlink::open);
        other.close();
        other.close();
        assertThatThrownBy(() -> ns.call(other::links)).isInstanceOf(IllegalStateException.class);
    }
}
