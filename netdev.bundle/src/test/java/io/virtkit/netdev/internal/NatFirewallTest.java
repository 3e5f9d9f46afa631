package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The NAT table is installed by nft inside a test namespace, replaced atomically, and removed without trace. */
class NatFirewallTest {

    static String ruleset(TestNetns ns) {
        return TestNetnsProcesses.run(List.of("ip", "netns", "exec", ns.name(), "nft", "list", "ruleset"));
    }

    @Test
    void installReplaceAndRemoveInANamespace() {
        try (TestNetns ns = TestNetns.create()) {
            NatFirewall fw = new NatFirewall(List.of("ip", "netns", "exec", ns.name()), NatFirewall.DEFAULT_BINARY);
            assertThat(ruleset(ns)).isBlank();

            fw.install("nat1", "vkbr0", Ipv4.parse("10.77.0.1"), 24);
            String rules = ruleset(ns);
            assertThat(rules).contains("table ip virtkit-nat1 {")
                    .contains("type nat hook postrouting priority srcnat; policy accept;")
                    .contains("ip saddr 10.77.0.0/24 oifname != \"vkbr0\" masquerade")
                    .contains("ip saddr 10.77.0.0/24 ip daddr 224.0.0.0/24 return")
                    .contains("type filter hook forward priority filter; policy accept;")
                    .contains("iifname \"vkbr0\" ip saddr 10.77.0.0/24 accept")
                    .contains("oifname \"vkbr0\" ip daddr 10.77.0.0/24 ct state established,related accept")
                    .contains("oifname \"vkbr0\" reject");

            // installing again replaces rather than duplicates
            fw.install("nat1", "vkbr0", Ipv4.parse("10.77.0.1"), 24);
            assertThat(ruleset(ns).split("masquerade to :1024-65535", -1)).hasSize(2);

            // a second network gets its own table; removing one leaves the other alone
            fw.install("nat2", "vkbr1", Ipv4.parse("10.78.0.1"), 16);
            assertThat(ruleset(ns)).contains("table ip virtkit-nat2").contains("10.78.0.0/16");
            fw.remove("nat1");
            assertThat(ruleset(ns)).doesNotContain("virtkit-nat1").contains("table ip virtkit-nat2");
            fw.remove("nat2");
            assertThat(ruleset(ns)).isBlank();
            // removing what is not there is not an error (rollback of a half-started network)
            fw.remove("nat2");
        }
    }

    @Test
    void badInputIsRefusedBeforeNftRuns() {
        NatFirewall fw = new NatFirewall(List.of(), Path.of("/nonexistent/nft"));
        assertThatThrownBy(() -> fw.install("n\n}", "vkbr0", Ipv4.parse("10.0.0.1"), 24))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                });
        assertThatThrownBy(() -> fw.install("n", "br\" accept", Ipv4.parse("10.0.0.1"), 24))
                .hasMessage("invalid argument: invalid bridge name 'br\" accept'");
        // a real nft failure carries nft's message
        assertThatThrownBy(() -> fw.install("n", "vkbr0", Ipv4.parse("10.0.0.1"), 24))
                .isInstanceOfSatisfying(VirtException.class,
                        e -> assertThat(e.domain()).isEqualTo(ErrorDomain.FIREWALL))
                .hasMessageContaining("/nonexistent/nft");
    }
}
