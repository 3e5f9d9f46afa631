package io.virtkit.netdev.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link VirtualNetworkDriver} needs, as plain values so tests can run on temporary
 * directories inside a namespace of their own.
 *
 * @param stateDir    persistent network XML ({@code NAME.xml}) and autostart markers ({@code NAME.autostart})
 * @param runDir      status files of active networks ({@code NAME.xml}) and dnsmasq's files
 * @param launcher    command prefix for dnsmasq and nft (empty in production; {@code ip netns exec NS} in tests)
 * @param dnsmasq     the dnsmasq binary
 * @param nft         the nft binary
 * @param threadSetup run first on the driver's kernel thread: tests make it enter their namespace there
 */
public record NetdevSettings(Path stateDir, Path runDir, List<String> launcher, Path dnsmasq, Path nft,
        Runnable threadSetup) {

    public NetdevSettings {
        Objects.requireNonNull(stateDir, "stateDir");
        Objects.requireNonNull(runDir, "runDir");
        launcher = List.copyOf(launcher);
        Objects.requireNonNull(dnsmasq, "dnsmasq");
        Objects.requireNonNull(nft, "nft");
        threadSetup = threadSetup == null ? () -> { } : threadSetup;
    }

    /** Production settings: the host's namespace, the Debian binaries. */
    static NetdevSettings of(NetdevConfig config) {
        return new NetdevSettings(Path.of(config.stateDir()), Path.of(config.runDir()), List.of(),
                DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY, null);
    }
}
