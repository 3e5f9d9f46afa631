package io.virtkit.support;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.virtkit.api.AuthCallback;
import io.virtkit.api.Credential;
import io.virtkit.api.CredentialType;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's client credentials file ({@code auth.conf}, see libvirt's "Connection authentication"): ini
 * groups {@code [credentials-NAME]} holding {@code username}, {@code authname}, {@code password},
 * {@code realm}, and groups {@code [auth-SERVICE-HOST]} naming the credential set for a service ("esx",
 * "hyperv", "xen", "ssh", "libvirt") on a host. Drivers that log in somewhere answer from it first and ask
 * the caller's {@link AuthCallback} only for the rest ({@link #answering}). Immutable.
 */
public final class AuthConf {

    private final Path file;
    private final Map<String, Map<String, String>> groups;

    private AuthConf(Path file, Map<String, Map<String, String>> groups) {
        this.file = file;
        this.groups = groups;
    }

    /**
     * The file libvirt would read, in its order: {@code $LIBVIRT_AUTH_FILE}, the URI's {@code authfile=}
     * parameter, {@code $XDG_CONFIG_HOME/libvirt/auth.conf} (default {@code ~/.config}),
     * {@code /etc/libvirt/auth.conf}; the first that is named or exists. Empty when there is none.
     *
     * @throws VirtException CONF_SYNTAX for a file that is not valid, OPEN_FAILED for a named one that
     *         cannot be read
     */
    public static Optional<AuthConf> find(URI uri, Map<String, String> env) {
        List<Path> candidates = new ArrayList<>();
        String fromEnv = env.get("LIBVIRT_AUTH_FILE");
        if (fromEnv != null && !fromEnv.isEmpty()) {
            return Optional.of(read(Path.of(fromEnv)));
        }
        Optional<String> fromUri = queryParameter(uri, "authfile");
        if (fromUri.isPresent()) {
            return Optional.of(read(Path.of(fromUri.get())));
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        candidates.add(xdg != null && !xdg.isEmpty() ? Path.of(xdg, "libvirt", "auth.conf")
                : Path.of(home, ".config", "libvirt", "auth.conf"));
        candidates.add(Path.of("/etc/libvirt/auth.conf"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return Optional.of(read(p));
            }
        }
        return Optional.empty();
    }

    /**
     * The file libvirt would read ({@link #find(URI, Map)}), else {@code configured} — the file a driver's
     * configuration names — when it is given and exists.
     */
    public static Optional<AuthConf> find(URI uri, Map<String, String> env, Path configured) {
        Optional<AuthConf> found = find(uri, env);
        if (found.isEmpty() && configured != null && Files.isRegularFile(configured)) {
            return Optional.of(read(configured));
        }
        return found;
    }

    /** Reads and checks {@code file}. */
    public static AuthConf read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new VirtException(ErrorCode.OPEN_FAILED, ErrorDomain.AUTH, file.toString(), e);
        }
        return parse(file, text);
    }

    static AuthConf parse(Path file, String text) {
        Map<String, Map<String, String>> groups = new LinkedHashMap<>();
        Map<String, String> current = null;
        int lineNo = 0;
        for (String raw : text.split("\n", -1)) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw syntax(file, lineNo, "cannot parse group name");
                }
                current = groups.computeIfAbsent(line.substring(1, line.length() - 1).strip(), g -> new HashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw syntax(file, lineNo, "expected key=value");
            }
            if (current == null) {
                throw syntax(file, lineNo, "key outside any group");
            }
            current.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
        return new AuthConf(file, groups);
    }

    private static VirtException syntax(Path file, int line, String what) {
        return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF, file + ":" + line + ": " + what);
    }

    public Path file() {
        return file;
    }

    /**
     * What the file says for {@code type} when logging in to {@code service} on {@code host}, as libvirt's
     * {@code virAuthConfigLookup}: the {@code [auth-SERVICE-HOST]} group names a credentials group, whose key
     * for the type answers.
     *
     * @throws VirtException CONF_SYNTAX when the auth group names a credentials group that does not exist
     */
    public Optional<String> lookup(String service, String host, CredentialType type) {
        Map<String, String> auth = groups.get("auth-" + service + "-" + host);
        if (auth == null || auth.get("credentials") == null) {
            return Optional.empty();
        }
        String setName = auth.get("credentials");
        Map<String, String> set = groups.get("credentials-" + setName);
        if (set == null) {
            throw new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.CONF,
                    file + ": missing credentials group 'credentials-" + setName + "'");
        }
        String key = switch (type) {
            case USERNAME -> "username";
            case AUTHNAME -> "authname";
            case PASSPHRASE, NOECHOPROMPT -> "password";
            case REALM -> "realm";
            default -> null;
        };
        return key == null ? Optional.empty() : Optional.ofNullable(set.get(key));
    }

    /**
     * A callback answering from this file for {@code service} on {@code host} what it can, and asking
     * {@code fallback} (the console, the caller's callback; may be null) for the rest.
     *
     * @throws VirtException AUTH_FAILED (from the returned callback) when a question is left unanswered
     */
    public AuthCallback answering(String service, String host, AuthCallback fallback) {
        return credentials -> {
            List<Credential> rest = new ArrayList<>();
            for (Credential c : credentials) {
                Optional<String> known = lookup(service, host, c.type());
                if (known.isPresent()) {
                    c.answer(known.get());
                } else {
                    rest.add(c);
                }
            }
            if (!rest.isEmpty()) {
                if (fallback == null) {
                    throw new VirtException(ErrorCode.AUTH_FAILED, ErrorDomain.AUTH,
                            "no " + rest.get(0).type().name().toLowerCase(java.util.Locale.ROOT) + " for " + service
                                    + " on " + host + " in " + file + " and nobody to ask");
                }
                fallback.answer(rest);
            }
        };
    }

    private static Optional<String> queryParameter(URI uri, String name) {
        String query = uri == null ? null : uri.getRawQuery();
        if (query == null) {
            return Optional.empty();
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name) && eq >= 0) {
                return Optional.of(java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
