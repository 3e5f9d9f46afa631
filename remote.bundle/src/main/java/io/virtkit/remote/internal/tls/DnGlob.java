package io.virtkit.remote.internal.tls;

import java.util.regex.Pattern;

/**
 * One {@code tls_allowed_dn_list} entry: a shell glob matched as libvirtd matches it, with {@code fnmatch} and no
 * flags: {@code *} any text (commas and slashes too), {@code ?} one character, {@code [...]} a class ({@code [!...]}
 * negated), a backslash quoting the next character. Also what the remote roles match client names with.
 */
public final class DnGlob {
    private final String glob;
    private final Pattern pattern;

    public DnGlob(String glob) {
        this.glob = glob;
        this.pattern = Pattern.compile(toRegex(glob), Pattern.DOTALL);
    }

    public boolean matches(String dn) {
        return pattern.matcher(dn).matches();
    }

    @Override
    public String toString() {
        return glob;
    }

    private static String toRegex(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append(".*");
                case '?' -> re.append('.');
                case '\\' -> re.append(i + 1 < glob.length() ? Pattern.quote(String.valueOf(glob.charAt(++i))) : "\\\\");
                case '[' -> {
                    int end = classEnd(glob, i);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        re.append(classRegex(glob.substring(i + 1, end)));
                        i = end;
                    }
                }
                default -> re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return re.toString();
    }

    /** Where the class opened at {@code open} closes, or -1: a ']' first (after any '!') is a member, not the end. */
    private static int classEnd(String glob, int open) {
        int i = open + 1;
        if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
            i++;
        }
        if (i < glob.length() && glob.charAt(i) == ']') {
            i++;
        }
        int end = glob.indexOf(']', i);
        return end;
    }

    private static String classRegex(String body) {
        StringBuilder re = new StringBuilder("[");
        int first = 0;
        if (!body.isEmpty() && (body.charAt(0) == '!' || body.charAt(0) == '^')) {
            re.append('^');
            first = 1;
        }
        for (int i = first; i < body.length(); i++) {
            char c = body.charAt(i);
            boolean range = c == '-' && i > first && i + 1 < body.length();
            // letters and digits stay bare: escaped, some are regex classes (\\d, \\w)
            re.append(range || Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
        }
        return re.append(']').toString();
    }
}
