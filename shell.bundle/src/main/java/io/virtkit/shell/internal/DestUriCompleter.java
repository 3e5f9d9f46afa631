package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;

/**
 * Completes a migration's destination URI: another host reached over libvirt's remote transports (TLS, TCP) for
 * the hypervisor schemes registered here. Until a host is typed it offers the beginnings ({@code qemu+tls://},
 * no space after them, the host comes next); once one is, the whole URIs on that host ({@code
 * qemu+tls://hostb/system}). The shell keeps no history of hosts, so there is nothing else it could know.
 */
@Service
public class DestUriCompleter implements Completer {

    private static final List<String> TRANSPORTS = List.of("tls", "tcp");
    /** A scheme with a transport and a host typed, perhaps with the start of a path. */
    private static final Pattern WITH_HOST = Pattern.compile("([a-z0-9]+)\\+([a-z]+)://([^/]+)(/.*)?");

    @Reference
    ConnectionFactory connectionFactory;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(offers(typed(commandLine)).all()).complete(session, commandLine, candidates);
    }

    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        Offers offers = offers(typed(commandLine));
        offers.prefixes.forEach(p -> candidates.add(new Candidate(p, p, null, null, null, null, false)));
        offers.uris.forEach(u -> candidates.add(new Candidate(u, true)));
    }

    /** What is offered when {@code typed} is the destination's start. */
    Offers offers(String typed) {
        Set<String> schemes = new TreeSet<>();
        for (DriverInfo driver : connectionFactory.drivers()) {
            schemes.addAll(driver.schemes());
        }
        Matcher m = WITH_HOST.matcher(typed);
        if (m.matches() && schemes.contains(m.group(1)) && TRANSPORTS.contains(m.group(2))) {
            String base = m.group(1) + "+" + m.group(2) + "://" + m.group(3);
            List<String> uris = UriCompleter.urisFor(m.group(1)).stream()
                    .map(local -> base + local.substring(local.indexOf(":///") + 3)).toList();
            return new Offers(List.of(), uris);
        }
        List<String> prefixes = new ArrayList<>();
        for (String scheme : schemes) {
            for (String transport : TRANSPORTS) {
                prefixes.add(scheme + "+" + transport + "://");
            }
        }
        return new Offers(prefixes, List.of());
    }

    /** The word being completed, up to the cursor. */
    private static String typed(CommandLine commandLine) {
        String word = commandLine.getCursorArgument();
        if (word == null) {
            return "";
        }
        return word.substring(0, Math.min(word.length(), Math.max(0, commandLine.getArgumentPosition())));
    }

    /** URI beginnings still to be continued, and whole URIs. */
    record Offers(List<String> prefixes, List<String> uris) {
        Collection<String> all() {
            List<String> all = new ArrayList<>(prefixes);
            all.addAll(uris);
            return all;
        }
    }
}
