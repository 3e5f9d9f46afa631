package io.virtkit.lxc.internal;

/** POSIX shell quoting for the scripts the driver writes. */
final class Shell {
    private Shell() {
    }

    /** {@code s} as one single-quoted word: {@code it's} becomes {@code 'it'\''s'}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
