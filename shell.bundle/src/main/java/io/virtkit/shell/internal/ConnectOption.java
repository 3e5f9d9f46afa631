package io.virtkit.shell.internal;

import java.util.Optional;

/** Reads a {@code -c}/{@code --connect} value already typed on a command line, for completers. */
final class ConnectOption {

    private ConnectOption() {
    }

    /**
     * The value of the last {@code -c URI}, {@code --connect URI} or {@code --connect=URI} among
     * {@code words}, ignoring the word at {@code cursorIndex} (it is still being typed).
     */
    static Optional<String> find(String[] words, int cursorIndex) {
        return value(words, cursorIndex, "-c", "--connect");
    }

    /**
     * The value of the last of the options {@code names} among {@code words} ({@code NAME VALUE} or
     * {@code NAME=VALUE}), ignoring the word at {@code cursorIndex}: vol-* completers read {@code --pool} so.
     */
    static Optional<String> value(String[] words, int cursorIndex, String... names) {
        String found = null;
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            for (String name : names) {
                if (word.equals(name) && i + 1 < words.length && i + 1 != cursorIndex) {
                    found = words[i + 1];
                    i++;
                    break;
                } else if (word.startsWith(name + "=") && i != cursorIndex) {
                    found = word.substring(name.length() + 1);
                    break;
                }
            }
        }
        return Optional.ofNullable(found).filter(s -> !s.isBlank());
    }
}
