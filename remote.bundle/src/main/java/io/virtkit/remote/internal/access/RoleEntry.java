package io.virtkit.remote.internal.access;

import java.util.Locale;

import io.virtkit.api.admin.RemoteDaemon.Role;

/**
 * One entry of a role list in the daemon's configuration: {@code ROLE:WHO}, the role first (viewer, operator, admin,
 * or read-only) so that whatever follows the first colon is the subject as written (a user, a group, or a DN glob,
 * which holds '=' and ',' of its own).
 */
record RoleEntry(Role role, String subject) {

    /**
     * @param attribute the configuration attribute the entry comes from, named in the error
     * @throws IllegalArgumentException naming the entry when it is not {@code ROLE:WHO}
     */
    static RoleEntry parse(String attribute, String entry) {
        String text = entry == null ? "" : entry.trim();
        int colon = text.indexOf(':');
        if (colon < 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(attribute + " entry '" + text
                    + "' is not ROLE:WHO (ROLE one of viewer, operator, admin, read-only)");
        }
        return new RoleEntry(role(attribute, text.substring(0, colon).trim()), text.substring(colon + 1).trim());
    }

    private static Role role(String attribute, String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "read-only", "readonly", "read_only" -> Role.READ_ONLY;
            case "viewer" -> Role.VIEWER;
            case "operator" -> Role.OPERATOR;
            case "admin" -> Role.ADMIN;
            default -> throw new IllegalArgumentException(attribute + ": unknown role '" + name
                    + "' (one of viewer, operator, admin, read-only)");
        };
    }

    /** The stronger of two roles: a client matched by several entries gets the strongest, as groups add up. */
    static Role stronger(Role a, Role b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
