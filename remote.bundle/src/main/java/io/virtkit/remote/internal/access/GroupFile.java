package io.virtkit.remote.internal.access;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The groups a user is a member of besides its own primary group, from the group database file ({@code /etc/group}:
 * the fourth field lists members by name), as polkit's {@code isInGroup} would see them. Read at each look-up, so a
 * membership added later counts for the next connection. Only the file: groups served by other NSS sources (LDAP,
 * sssd) are not seen; the connecting process's own group (SO_PEERCRED) always is.
 */
final class GroupFile {
    private static final Logger LOG = Logger.getLogger(GroupFile.class.getName());
    static final Path SYSTEM = Path.of("/etc/group");

    private final Path file;
    private final UserPrincipalLookupService lookup;

    GroupFile(Path file, UserPrincipalLookupService lookup) {
        this.file = file;
        this.lookup = lookup;
    }

    /** The groups naming {@code userName} as a member; empty when the file cannot be read (logged). */
    List<GroupPrincipal> groupsOf(String userName) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + file + " for group roles: " + e.getMessage(), e);
            return List.of();
        }
        List<GroupPrincipal> result = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(":", -1);
            if (fields.length < 4 || line.startsWith("#")) {
                continue;
            }
            if (Arrays.stream(fields[3].split(",")).map(String::trim).anyMatch(userName::equals)) {
                try {
                    // by number: the principal then equals the configured one however that was written
                    result.add(lookup.lookupPrincipalByGroupName(fields[2].trim()));
                } catch (IOException e) {
                    LOG.log(Level.FINE, "group line without a usable gid: " + line, e);
                }
            }
        }
        return result;
    }
}
