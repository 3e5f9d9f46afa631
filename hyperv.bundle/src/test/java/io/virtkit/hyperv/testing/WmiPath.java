package io.virtkit.hyperv.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WMI object paths as Hyper-V writes them into string properties (a RASD's {@code Parent}, a connection's
 * {@code HostResource}): {@code \\HOST\root\virtualization\v2:Class.Key="value",Key2="value"}, backslashes and
 * quotes in values escaped with a backslash.
 */
final class WmiPath {

    static final String HOST_NAME = "STANDIN-HV";
    private static final Pattern PATH = Pattern.compile("(?:\\\\\\\\[^\\\\]+\\\\[^:]+:)?([A-Za-z0-9_]+)\\.(.*)");

    private WmiPath() {
    }

    static String of(CimReference reference) {
        CimSchema.CimClass cimClass = CimSchema.get(reference.className());
        StringBuilder path = new StringBuilder("\\\\").append(HOST_NAME).append('\\')
                .append(cimClass.namespace().replace('/', '\\')).append(':').append(cimClass.name()).append('.');
        String separator = "";
        for (String key : cimClass.keys()) {
            String value = reference.selectors().get(key);
            path.append(separator).append(key).append("=\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
            separator = ",";
        }
        return path.toString();
    }

    /** A path back to a reference; empty when the text is no path of a known class. */
    static Optional<CimReference> parse(String path) {
        Matcher m = PATH.matcher(path.trim());
        if (!m.matches() || CimSchema.find(m.group(1)).isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> selectors = new LinkedHashMap<>();
        String keys = m.group(2);
        int i = 0;
        while (i < keys.length()) {
            int eq = keys.indexOf('=', i);
            if (eq < 0 || eq + 1 >= keys.length() || keys.charAt(eq + 1) != '"') {
                return Optional.empty();
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (j < keys.length() && keys.charAt(j) != '"') {
                if (keys.charAt(j) == '\\' && j + 1 < keys.length()) {
                    j++;
                }
                value.append(keys.charAt(j++));
            }
            if (j >= keys.length()) {
                return Optional.empty();
            }
            selectors.put(keys.substring(i, eq).trim(), value.toString());
            i = j + 1;
            if (i < keys.length() && keys.charAt(i) == ',') {
                i++;
            }
        }
        return Optional.of(new CimReference(CimSchema.get(m.group(1)).name(), selectors));
    }
}
