package io.virtkit.netdev.internal;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The nftables rules of a NAT network, in a table of their own per network ({@code ip virtkit-NAME}),
 * so installing is one atomic {@code nft -f -} transaction and removing is deleting that table:
 * nothing of anyone else's ruleset is touched and nothing of ours is left.
 *
 * <p>The rules follow libvirt's NAT network: traffic from the subnet leaving through any other device
 * is masqueraded (not to multicast or limited broadcast, which must stay local); forwarding accepts
 * the subnet's traffic out of the bridge, replies (established/related) into it, and traffic between
 * ports of the bridge, and rejects any other forwarding through the bridge.
 *
 * <p>The launcher prefix runs {@code nft} in the right network namespace: empty in production,
 * {@code ip netns exec NS} in tests.
 */
final class NatFirewall {
    static final Path DEFAULT_BINARY = Path.of("/usr/sbin/nft");
    private static final Duration NFT_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> launcher;
    private final Path nft;

    NatFirewall(List<String> launcher, Path nft) {
        this.launcher = List.copyOf(launcher);
        this.nft = nft;
    }

    static String tableName(String network) {
        DnsmasqConfig.requireNetworkName(network);
        return "virtkit-" + network;
    }

    /**
     * The transaction installing the rules. It first creates then deletes the table so that a
     * leftover from a crash is replaced, not merged with: nft applies the whole script or nothing.
     */
    static String installScript(String network, String bridge, Ipv4 address, int prefixLength) {
        String table = tableName(network);
        if (bridge == null || !bridge.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,14}")) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NETWORK,
                    "invalid bridge name '" + bridge + "'");
        }
        if (prefixLength < 1 || prefixLength > 30) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NETWORK,
                    "invalid prefix length " + prefixLength + " for network '" + network + "'");
        }
        String subnet = address.network(prefixLength) + "/" + prefixLength;
        String br = "\"" + bridge + "\"";
        return "table ip " + table + " {}\n"
                + "delete table ip " + table + "\n"
                + "table ip " + table + " {\n"
                + "  chain forward {\n"
                + "    type filter hook forward priority filter; policy accept;\n"
                + "    iifname " + br + " oifname " + br + " accept\n"
                + "    iifname " + br + " ip saddr " + subnet + " accept\n"
                + "    oifname " + br + " ip daddr " + subnet + " ct state established,related accept\n"
                + "    iifname " + br + " reject\n"
                + "    oifname " + br + " reject\n"
                + "  }\n"
                + "  chain postrouting {\n"
                + "    type nat hook postrouting priority srcnat; policy accept;\n"
                + "    ip saddr " + subnet + " ip daddr 224.0.0.0/24 return\n"
                + "    ip saddr " + subnet + " ip daddr 255.255.255.255 return\n"
                + "    ip saddr " + subnet + " oifname != " + br + " meta l4proto { tcp, udp } masquerade to :1024-65535\n"
                + "    ip saddr " + subnet + " oifname != " + br + " masquerade\n"
                + "  }\n"
                + "}\n";
    }

    /** Removes the table whether or not it exists (create-then-delete is nft 1.0.6's "destroy"). */
    static String removeScript(String network) {
        String table = tableName(network);
        return "table ip " + table + " {}\ndelete table ip " + table + "\n";
    }

    void install(String network, String bridge, Ipv4 address, int prefixLength) {
        apply(installScript(network, bridge, address, prefixLength));
    }

    void remove(String network) {
        apply(removeScript(network));
    }

    private void apply(String script) {
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(nft.toString());
        cmd.add("-f");
        cmd.add("-");
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.FIREWALL,
                    "Cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(script.getBytes(StandardCharsets.UTF_8));
            }
            // nft exits after reading its input, so its output is bounded and ends with it
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(NFT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new VirtException(ErrorCode.OPERATION_TIMEOUT, ErrorDomain.FIREWALL,
                        String.join(" ", cmd) + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.FIREWALL,
                        "Failed to apply firewall rules " + String.join(" ", cmd) + ": " + out);
            }
        } catch (IOException e) {
            p.destroyForcibly();
            throw new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.FIREWALL,
                    "Cannot run " + String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new VirtException(ErrorCode.OPERATION_ABORTED, ErrorDomain.FIREWALL, "interrupted running nft");
        }
    }
}
