package io.virtkit.remote.internal.access;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.virtkit.api.admin.RemoteDaemon.Role;
import io.virtkit.remote.internal.tls.DnGlob;

/**
 * Which role a client of the daemon's read-write sockets has (libvirt's access control idea, with the roles of the
 * console's ACLs): UNIX peers by their user and groups (SO_PEERCRED, plus the user's groups in the group file), TLS
 * clients by their certificate's distinguished name. A client no entry matches is {@link Role#READ_ONLY}. Entries add
 * up: the strongest role any entry gives is the client's.
 *
 * <p>What today's users have stays: root and the daemon's own user are always admin; while no TLS DN role is
 * configured, every TLS client {@code tlsAllowedDnList} lets in is admin; while no role at all is configured, a
 * client nobody can tell (plain loopback TCP, or a UNIX peer whose credentials cannot be read) is admin too, and
 * read-only once any role list is set, as then anonymous clients have no role.
 */
public final class ClientRoles {
    /** Nothing configured: root, the daemon's user and every TLS and TCP client are admin, other users read-only. */
    public static final ClientRoles DEFAULT = parse(new String[0], new String[0], new String[0]);

    private final List<Subject<UserPrincipal>> users;
    private final List<Subject<GroupPrincipal>> groups;
    private final List<Subject<DnGlob>> dns;
    private final List<UserPrincipal> alwaysAdmin;
    private final GroupFile groupFile;

    private record Subject<T>(Role role, T who) {
    }

    private ClientRoles(List<Subject<UserPrincipal>> users, List<Subject<GroupPrincipal>> groups,
            List<Subject<DnGlob>> dns, List<UserPrincipal> alwaysAdmin, GroupFile groupFile) {
        this.users = List.copyOf(users);
        this.groups = List.copyOf(groups);
        this.dns = List.copyOf(dns);
        this.alwaysAdmin = List.copyOf(alwaysAdmin);
        this.groupFile = groupFile;
    }

    /**
     * The roles of configuration attributes {@code unixUserRoles}, {@code unixGroupRoles} and {@code tlsDnRoles}:
     * entries {@code ROLE:WHO}, WHO a user (name or uid), a group (name or gid) or a DN glob.
     *
     * @throws IllegalArgumentException naming the entry that is malformed or names no user or group
     */
    public static ClientRoles parse(String[] userRoles, String[] groupRoles, String[] dnRoles) {
        return parse(userRoles, groupRoles, dnRoles, GroupFile.SYSTEM);
    }

    static ClientRoles parse(String[] userRoles, String[] groupRoles, String[] dnRoles, Path groupFile) {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        List<Subject<UserPrincipal>> users = new ArrayList<>();
        for (String e : nonBlank(userRoles)) {
            RoleEntry entry = RoleEntry.parse("unixUserRoles", e);
            users.add(new Subject<>(entry.role(), user(lookup, entry.subject())));
        }
        List<Subject<GroupPrincipal>> groups = new ArrayList<>();
        for (String e : nonBlank(groupRoles)) {
            RoleEntry entry = RoleEntry.parse("unixGroupRoles", e);
            try {
                // a number that names no group is that gid, as for users
                groups.add(new Subject<>(entry.role(), lookup.lookupPrincipalByGroupName(entry.subject())));
            } catch (IOException ex) {
                throw new IllegalArgumentException("unixGroupRoles: no group '" + entry.subject() + "'", ex);
            }
        }
        List<Subject<DnGlob>> dns = new ArrayList<>();
        for (String e : nonBlank(dnRoles)) {
            RoleEntry entry = RoleEntry.parse("tlsDnRoles", e);
            dns.add(new Subject<>(entry.role(), new DnGlob(entry.subject())));
        }
        List<UserPrincipal> admins = new ArrayList<>(List.of(user(lookup, "0")));
        daemonUser().ifPresent(admins::add);
        return new ClientRoles(users, groups, dns, admins, new GroupFile(groupFile, lookup));
    }

    /**
     * The user the daemon runs as: the owner of {@code /proc/self} (its effective uid, whether or not the user
     * database names it); empty off Linux.
     */
    private static Optional<UserPrincipal> daemonUser() {
        try {
            return Optional.of(Files.getOwner(Path.of("/proc/self")));
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    private static UserPrincipal user(UserPrincipalLookupService lookup, String name) {
        try {
            return lookup.lookupPrincipalByName(name); // a number that names no user is that uid
        } catch (IOException e) {
            throw new IllegalArgumentException("unixUserRoles: no user '" + name + "'", e);
        }
    }

    private static List<String> nonBlank(String[] entries) {
        List<String> result = new ArrayList<>();
        if (entries != null) {
            for (String e : entries) {
                if (e != null && !e.isBlank()) {
                    result.add(e);
                }
            }
        }
        return result;
    }

    /** Whether any role list is set: then clients nobody can tell are read-only. */
    public boolean configured() {
        return !users.isEmpty() || !groups.isEmpty() || !dns.isEmpty();
    }

    /** A local process on a UNIX socket, by its SO_PEERCRED user and group. */
    public Role unixPeer(UserPrincipal user, GroupPrincipal group) {
        if (alwaysAdmin.contains(user)) {
            return Role.ADMIN;
        }
        Role role = Role.READ_ONLY;
        for (Subject<UserPrincipal> s : users) {
            if (s.who().equals(user)) {
                role = RoleEntry.stronger(role, s.role());
            }
        }
        if (!groups.isEmpty()) {
            List<GroupPrincipal> member = new ArrayList<>(groupFile.groupsOf(user.getName()));
            member.add(group);
            for (Subject<GroupPrincipal> s : groups) {
                if (member.contains(s.who())) {
                    role = RoleEntry.stronger(role, s.role());
                }
            }
        }
        return role;
    }

    /** A TLS client {@code tlsAllowedDnList} let in, by its certificate's distinguished name (GnuTLS's form). */
    public Role tlsClient(String distinguishedName) {
        if (dns.isEmpty()) {
            return Role.ADMIN;
        }
        Role role = Role.READ_ONLY;
        for (Subject<DnGlob> s : dns) {
            if (s.who().matches(distinguishedName)) {
                role = RoleEntry.stronger(role, s.role());
            }
        }
        return role;
    }

    /** A client nobody can tell: plain loopback TCP, or a UNIX peer whose credentials cannot be read. */
    public Role anonymous() {
        return configured() ? Role.READ_ONLY : Role.ADMIN;
    }
}
