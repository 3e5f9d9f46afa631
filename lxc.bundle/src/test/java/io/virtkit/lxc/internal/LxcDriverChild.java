package io.virtkit.lxc.internal;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.spi.VethProvider;
import io.virtkit.netdev.internal.HostNetnsFixture;

/**
 * The LXC driver alone in a JVM of its own, as the daemon is, for {@link LxcDriverCrashTest} to SIGKILL at
 * any moment. Activates the driver on the directories under {@code args[0]} with the cgroup path
 * {@code args[2]} (which reconnects or cleans up whatever an earlier, killed instance left), with a veth
 * provider working in the network namespace {@code args[1]}, then answers one command a line on stdin:
 * {@code define FILE} → {@code DONE}; {@code list} → {@code DOMAIN name state reason initpid} per domain,
 * then {@code END}; {@code destroy NAME} → {@code DONE}; {@code start NAME} → {@code STARTING} just before
 * the call, {@code STARTED} after. {@code READY} once activated; {@code ERROR text} for a failed command.
 */
public final class LxcDriverChild {

    private LxcDriverChild() {
    }

    public static void main(String[] args) throws Exception {
        Path base = Path.of(args[0]);
        VethProvider veths = HostNetnsFixture.vethsInExistingNamespace(args[1], base.resolve("netdev-state"),
                base.resolve("netdev-run"));
        LxcDriver driver = new LxcDriver(LxcDriverSettings.forTests(base.resolve("lxc"), args[2]), veths);
        Connection conn = driver.open(URI.create("lxc:///")).orElseThrow();
        LxcState state = driver.state();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        out.println("READY");
        for (String line; (line = in.readLine()) != null;) {
            String[] w = line.split(" ", 2);
            try {
                switch (w[0]) {
                    case "define" -> {
                        conn.defineDomain(Files.readString(Path.of(w[1])));
                        out.println("DONE");
                    }
                    case "list" -> {
                        for (Domain d : conn.listAllDomains()) {
                            out.println("DOMAIN " + d.name() + " " + d.state().state() + " " + d.state().reason()
                                    + " " + state.initPid(state.lookupByName(d.name())));
                        }
                        out.println("END");
                    }
                    case "destroy" -> {
                        conn.lookupDomainByName(w[1]).destroy();
                        out.println("DONE");
                    }
                    case "start" -> {
                        Domain d = conn.lookupDomainByName(w[1]);
                        out.println("STARTING");
                        d.start();
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
