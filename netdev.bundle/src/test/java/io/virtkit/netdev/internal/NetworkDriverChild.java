package io.virtkit.netdev.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.virtkit.api.Network;
import io.virtkit.api.spi.NetworkAccess;

/**
 * The virtual network driver alone in a JVM of its own, as the daemon is, for
 * {@link VirtualNetworkCrashTest} to SIGKILL at any moment. Activates the driver on the directories under
 * {@code args[0]} (which adopts or cleans up whatever an earlier, killed instance left), working in the
 * network namespace {@code args[1]}, then answers one command a line on stdin: {@code define FILE} →
 * {@code DONE}; {@code list} → {@code NETWORK name active|inactive} per network, then {@code END};
 * {@code destroy NAME} → {@code DONE}; {@code start NAME} → {@code STARTING} just before the call,
 * {@code STARTED} after. {@code READY} once activated; {@code ERROR text} for a failed command.
 */
public final class NetworkDriverChild {

    private NetworkDriverChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        String ns = args[1];
        NetdevSettings settings = new NetdevSettings(base.resolve("state"), base.resolve("run"),
                List.of("ip", "netns", "exec", ns), DnsmasqProcess.DEFAULT_BINARY, NatFirewall.DEFAULT_BINARY,
                HostNetnsFixture.enter(ns));
        VirtualNetworkDriver driver = new VirtualNetworkDriver(settings);
        NetworkAccess networks = HostNetnsFixture.open(driver, "qemu:///system");
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.split(" ", 2);
            try {
                switch (w[0]) {
                    case "define" -> {
                        networks.defineNetwork(Files.readString(Path.of(w[1])));
                        out.println("DONE");
                    }
                    case "list" -> {
                        for (Network n : networks.listAllNetworks()) {
                            out.println("NETWORK " + n.name() + " " + (n.isActive() ? "active" : "inactive"));
                        }
                        out.println("END");
                    }
                    case "destroy" -> {
                        networks.lookupNetworkByName(w[1]).destroy();
                        out.println("DONE");
                    }
                    case "start" -> {
                        Network n = networks.lookupNetworkByName(w[1]);
                        out.println("STARTING");
                        n.start();
                        out.println("STARTED");
                    }
                    default -> out.println("ERROR unknown command " + w[0]);
                }
            } catch (RuntimeException e) {
                out.println("ERROR " + String.valueOf(e.getMessage()).replace('\n', ' '));
            }
        }
        driver.close();
    }
}
