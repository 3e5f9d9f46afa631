package io.virtkit.shell.internal;

import java.util.List;
import java.util.Set;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.support.CommandException;

import io.virtkit.api.Connection;

/**
 * Completes the disk targets of the domain named first on the line (from its running XML): every disk for
 * detach-disk, the CD-ROMs and floppies for change-media.
 */
@Service
public class DiskTargetCompleter extends ConnectionCompleter {

    /** The options of these verbs that take a value, so that their value is not taken for the domain. */
    private static final Set<String> WITH_VALUE = Set.of("-c", "--connect", "--source");

    @Override
    List<String> names(Connection connection, CommandLine commandLine) {
        String[] words = commandLine.getArguments();
        String domain = firstArgument(words, commandLine.getCursorArgumentIndex());
        if (domain == null) {
            return List.of();
        }
        try {
            return DomainDisks.of(DomainLookup.forCommand(connection, domain), false)
                    .targets(words[0].endsWith("change-media"));
        } catch (CommandException e) {
            return List.of();
        }
    }

    /** The first word after the verb that is neither an option nor an option's value, before the cursor. */
    static String firstArgument(String[] words, int cursor) {
        return firstArgument(words, cursor, WITH_VALUE);
    }

    /** As {@link #firstArgument(String[], int)}, for a verb whose options in {@code withValue} take a value. */
    static String firstArgument(String[] words, int cursor, Set<String> withValue) {
        for (int i = 1; i < Math.min(cursor, words.length); i++) {
            String word = words[i];
            if (withValue.contains(word)) {
                i++;
            } else if (!word.startsWith("-")) {
                return word;
            }
        }
        return null;
    }
}
