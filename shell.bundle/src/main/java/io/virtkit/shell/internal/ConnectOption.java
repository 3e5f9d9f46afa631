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
        String found = null;
        for (int i = 0; i < words.length; i++) {
            String word = words[i];
            if ((word.equals("-c") || word.equals("--connect")) && i + 1 < words.length && i + 1 != cursorIndex) {
                found = words[i + 1];
                i++;
            } else if (word.startsWith("--connect=") && i != cursorIndex) {
                found = word.substring("--connect=".length());
            } else if (word.startsWith("-c=") && i != cursorIndex) {
                found = word.substring("-c=".length());
            }
        }
        return Optional.ofNullable(found).filter(s -> !s.isBlank());
    }
}
