package io.virtkit.itests.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.virtkit.itests.hosts.HostCommand;
import io.virtkit.itests.hosts.VirtkitDaemon;

/**
 * The {@code virt:cluster-*} console commands as an operator types them on one host (through {@code bin/client} in
 * its namespace), and what the tests read from their output. All the commands' wording is here, in one place.
 */
public final class ClusterShell {

    /** One line of {@code virt:cluster-list}: a domain, the host reporting it, the whole line (its state in it). */
    public record Row(String domain, String host, String line) {
        public boolean running() {
            return line.contains("running");
        }
    }

    private ClusterShell() {
    }

    public static HostCommand.Result define(VirtkitDaemon on, Path xml, boolean ha) {
        return on.console(defineCommand(xml, ha));
    }

    public static String defineCommand(Path xml, boolean ha) {
        return "virt:cluster-define" + (ha ? " --ha" : "") + " " + xml;
    }

    public static HostCommand.Result start(VirtkitDaemon on, String guest) {
        return on.console(startCommand(guest));
    }

    public static String startCommand(String guest) {
        return "virt:cluster-start " + guest;
    }

    public static HostCommand.Result stop(VirtkitDaemon on, String guest) {
        return on.console("virt:cluster-stop " + guest);
    }

    public static HostCommand.Result migrate(VirtkitDaemon on, String guest, String targetHost) {
        return on.console(Duration.ofSeconds(180), "virt:cluster-migrate " + guest + " " + targetHost);
    }

    public static HostCommand.Result hosts(VirtkitDaemon on) {
        return present(on.consoleRead("virt:cluster-hosts"));
    }

    /**
     * {@code result}, or an AssertionError at once when the console has no such command (the shell has no cluster
     * commands): nothing to wait for. "The cluster is not running on this host" is waited out: its Cluster service
     * may register a moment after the features started.
     */
    private static HostCommand.Result present(HostCommand.Result result) {
        if (result.out().contains("Command not found")) {
            throw new AssertionError("the console lacks a cluster command (is feature " + ThreeHosts.FEATURE
                    + " installed?): " + result);
        }
        return result;
    }

    /** The inventory as {@code on} sees it: every row naming one of {@code hostNames}. */
    public static List<Row> list(VirtkitDaemon on, List<String> hostNames) {
        HostCommand.Result list = present(on.consoleRead("virt:cluster-list"));
        if (!list.ok()) {
            throw new AssertionError("virt:cluster-list on " + on.name() + ": " + list);
        }
        return list.out().lines().map(line -> row(line, hostNames)).flatMap(Optional::stream).toList();
    }

    private static Optional<Row> row(String line, List<String> hostNames) {
        List<String> words = List.of(line.strip().split("\\s+"));
        Optional<String> host = words.stream().filter(hostNames::contains).findFirst();
        if (host.isEmpty() || words.size() < 2) {
            return Optional.empty();
        }
        Optional<String> domain = words.stream().filter(Predicate.not(hostNames::contains))
                .filter(w -> w.startsWith(SwitchedNamespaces.PREFIX)).findFirst();
        return domain.map(d -> new Row(d, host.get(), line));
    }

    /** The members {@code on} lists in {@code virt:cluster-hosts}, among {@code hostNames}. */
    public static List<String> members(VirtkitDaemon on, List<String> hostNames) {
        HostCommand.Result hosts = hosts(on);
        if (!hosts.ok()) {
            return List.of();
        }
        return hostNames.stream().filter(h -> hosts.out().lines().anyMatch(l -> List.of(l.strip().split("\\s+")).contains(h)))
                .toList();
    }
}
