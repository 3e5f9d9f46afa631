package io.virtkit.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Candidate;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.StoragePool;
import io.virtkit.api.StorageVolume;

/** Completes a disk's source: file paths, and the paths of the volumes of the connection's active pools. */
@Service
public class DiskSourceCompleter extends ConnectionCompleter {

    /** Karaf's console asks for candidates this way; its file completer answers no other. */
    @Override
    public void completeCandidates(Session session, CommandLine commandLine, List<Candidate> candidates) {
        new FileCompleter().completeCandidates(session, commandLine, candidates);
        String typed = commandLine.getCursorArgument() == null ? ""
                : commandLine.getCursorArgument().substring(0, commandLine.getArgumentPosition());
        for (String path : candidates(commandLine)) {
            if (path.startsWith(typed)) {
                candidates.add(new Candidate(path));
            }
        }
    }

    /** A connection without storage driver fails the listing, and then only files are offered. */
    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        return connection.listAllStoragePools().stream().filter(StoragePool::isActive)
                .flatMap(p -> p.listVolumes().stream()).map(StorageVolume::path).sorted().toList();
    }
}
