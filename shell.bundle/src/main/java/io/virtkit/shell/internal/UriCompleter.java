package io.virtkit.shell.internal;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.ConnectionFactory;
import io.virtkit.api.DriverInfo;

/**
 * Completes connection URIs for the drivers registered now (not Karaf's own UriCompleter): libvirt's
 * usual URIs per scheme, {@code test:///default} for the test driver and {@code scheme:///system} and
 * {@code scheme:///session} for the others, plus the configured default URI.
 */
@Service
public class UriCompleter implements Completer {

    @Reference
    ConnectionFactory connectionFactory;

    @Reference
    ShellSettings settings;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(uris()).complete(session, commandLine, candidates);
    }

    Set<String> uris() {
        Set<String> uris = new TreeSet<>();
        uris.add(settings.defaultUri());
        for (DriverInfo driver : connectionFactory.drivers()) {
            for (String scheme : driver.schemes()) {
                uris.addAll(urisFor(scheme));
            }
        }
        return uris;
    }

    static List<String> urisFor(String scheme) {
        if (scheme.equals("test")) {
            return List.of("test:///default");
        }
        return List.of(scheme + ":///system", scheme + ":///session");
    }
}
