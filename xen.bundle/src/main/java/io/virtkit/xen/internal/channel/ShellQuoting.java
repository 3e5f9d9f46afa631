package io.virtkit.xen.internal.channel;

import java.util.List;
import java.util.stream.Collectors;

/** POSIX shell quoting for command lines run on the Xen host (over SSH a command is always one shell line). */
public final class ShellQuoting {
    private ShellQuoting() {
    }

    /** One word, quoted unless it is made only of characters no shell treats specially. */
    public static String quote(String word) {
        if (!word.isEmpty() && word.chars().allMatch(c -> Character.isLetterOrDigit(c) || "@%+=:,./_-".indexOf(c) >= 0)) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** A command line of these words, each quoted. */
    public static String line(List<String> words) {
        return words.stream().map(ShellQuoting::quote).collect(Collectors.joining(" "));
    }

    /** A command line of these words, each quoted. */
    public static String line(String... words) {
        return line(List.of(words));
    }

    /** A command line for a message: its start, when it is long (a script). */
    public static String abbreviate(String command) {
        String flat = command.replace('\n', ' ');
        return flat.length() <= 60 ? flat : flat.substring(0, 57) + "...";
    }
}
