package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.model.netcommon.Bandwidth;
import io.virtkit.model.netcommon.BandwidthRate;
import io.virtkit.model.netcommon.Vlan;
import io.virtkit.model.netcommon.VlanTag;
import io.virtkit.model.network.PortGroup;

/** The switch ⇄ network XML rules that need no simulator: shaping policies, VLANs, UUIDs. */
class EsxNetworkXmlTest {

    private static Bandwidth both(Long average, Long peak, Long burst) {
        BandwidthRate rate = new BandwidthRate(average, peak, null, burst);
        return new Bandwidth(null, rate, rate);
    }

    @Test
    void aBandwidthBecomesAShapingPolicyInBitsAndBytesAndBack() {
        VimNode policy = EsxNetworkXml.shapingPolicy(both(1000L, 2000L, 64L));
        assertThat(policy.textAt("enabled")).isEqualTo("true");
        assertThat(policy.textAt("averageBandwidth")).isEqualTo("8000000");
        assertThat(policy.textAt("peakBandwidth")).isEqualTo("16000000");
        assertThat(policy.textAt("burstSize")).isEqualTo("65536");
        assertThat(EsxNetworkXml.bandwidth(policy)).isEqualTo(both(1000L, 2000L, 64L));
        assertThat(EsxNetworkXml.shapingPolicy(both(500L, null, null)).children()).hasSize(2);
    }

    @Test
    void aDisabledOrAverageLessPolicyShowsNoBandwidth() {
        assertThat(EsxNetworkXml.bandwidth(null)).isNull();
        assertThat(EsxNetworkXml.bandwidth(VimNode.of("shapingPolicy", VimNode.leaf("enabled", "false"),
                VimNode.leaf("averageBandwidth", "8000000")))).isNull();
        // below 1 KiB/s scales to 0, and libvirt writes no rate without an average
        assertThat(EsxNetworkXml.bandwidth(VimNode.of("shapingPolicy", VimNode.leaf("enabled", "true"),
                VimNode.leaf("averageBandwidth", "7999"), VimNode.leaf("peakBandwidth", "16000000")))).isNull();
    }

    @Test
    void shapingNeedsBothDirectionsAlike() {
        assertThat(EsxNetworkXml.shapingPolicy(null)).isNull();
        for (Bandwidth uneven : List.of(new Bandwidth(null, new BandwidthRate(10L, null, null, null), null),
                new Bandwidth(null, new BandwidthRate(10L, null, null, null), new BandwidthRate(10L, 20L, null, null)))) {
            assertThatThrownBy(() -> EsxNetworkXml.shapingPolicy(uneven)).isInstanceOfSatisfying(VirtException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED))
                    .hasMessage("unsupported configuration: Different inbound and outbound bandwidth is unsupported");
        }
    }

    @Test
    void aPortGroupCarriesOneVlanId() {
        assertThat(EsxNetworkXml.vlanId(new PortGroup("pg", null, null, null, null, null))).isZero();
        assertThat(EsxNetworkXml.vlanId(new PortGroup("pg", null, null, null, null,
                new Vlan(false, List.of(new VlanTag(12, null)))))).isEqualTo(12);
        assertThatThrownBy(() -> EsxNetworkXml.vlanId(new PortGroup("pg", null, null, null, null,
                new Vlan(true, List.of(new VlanTag(12, null), new VlanTag(13, null))))))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFIG_UNSUPPORTED));
    }

    @Test
    void aSwitchsUuidIsTheMd5OfItsKey() {
        assertThat(EsxHostNetwork.uuidOfKey("key-vim.host.VirtualSwitch-vSwitch0"))
                .hasToString("2f467347-8b4e-8655-e7d6-c4c3fb968009");
    }
}
