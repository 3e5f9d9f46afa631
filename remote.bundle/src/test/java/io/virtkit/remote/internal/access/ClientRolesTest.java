package io.virtkit.remote.internal.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.admin.RemoteDaemon.Role;

/** The configured roles against the principals SO_PEERCRED gives and the DNs TLS gives. */
class ClientRolesTest {
    private static final UserPrincipalLookupService LOOKUP = FileSystems.getDefault().getUserPrincipalLookupService();
    private static final String[] NONE = {};

    private static UserPrincipal user(String who) throws Exception {
        return LOOKUP.lookupPrincipalByName(who);
    }

    private static GroupPrincipal group(String who) throws Exception {
        return LOOKUP.lookupPrincipalByGroupName(who);
    }

    @Test
    void withNothingConfiguredRootTheDaemonsUserTlsAndTcpClientsAreAdminOthersReadOnly() throws Exception {
        ClientRoles roles = ClientRoles.DEFAULT;
        assertThat(roles.configured()).isFalse();
        assertThat(roles.unixPeer(user("root"), group("54321"))).isEqualTo(Role.ADMIN);
        assertThat(roles.unixPeer(Files.getOwner(Path.of("/proc/self")), group("54321"))).isEqualTo(Role.ADMIN);
        assertThat(roles.unixPeer(user("54321"), group("54321"))).isEqualTo(Role.READ_ONLY);
        assertThat(roles.tlsClient("C=GB,O=Virtkit Test,CN=client1")).isEqualTo(Role.ADMIN);
        assertThat(roles.anonymous()).isEqualTo(Role.ADMIN);
    }

    @Test
    void usersByNumberOrNameGroupsByPrimaryGroupTheStrongestRoleWins() throws Exception {
        ClientRoles roles = ClientRoles.parse(new String[] {"operator:54321", " viewer : nobody ", "viewer:54322"},
                new String[] {"admin:54400", "viewer:54401"}, NONE);

        assertThat(roles.configured()).isTrue();
        assertThat(roles.unixPeer(user("54321"), group("54321"))).isEqualTo(Role.OPERATOR);
        assertThat(roles.unixPeer(user("65534"), group("54321"))).as("nobody, by name").isEqualTo(Role.VIEWER);
        assertThat(roles.unixPeer(user("54322"), group("54400"))).as("viewer by uid, admin by gid")
                .isEqualTo(Role.ADMIN);
        assertThat(roles.unixPeer(user("54323"), group("54401"))).isEqualTo(Role.VIEWER);
        assertThat(roles.unixPeer(user("54323"), group("54323"))).isEqualTo(Role.READ_ONLY);
        assertThat(roles.unixPeer(user("root"), group("0"))).isEqualTo(Role.ADMIN);
        assertThat(roles.anonymous()).as("TCP once roles are set").isEqualTo(Role.READ_ONLY);
        assertThat(roles.tlsClient("C=GB,O=Virtkit Test,CN=client1")).as("no DN roles: admitted is admin")
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void aUsersGroupsInTheGroupFileCountBesidesItsProcessGroup(@TempDir Path dir) throws Exception {
        Path groupFile = dir.resolve("group");
        Files.writeString(groupFile, """
                root:x:0:
                # a comment
                vkrr-ops:x:54410:someone,nobody
                vkrr-admins:x:54411:someone
                broken line
                """);
        ClientRoles roles = ClientRoles.parse(NONE, new String[] {"operator:54410", "admin:54411"}, NONE, groupFile);

        assertThat(roles.unixPeer(user("nobody"), group("54399"))).isEqualTo(Role.OPERATOR);
        assertThat(roles.unixPeer(user("54399"), group("54399"))).isEqualTo(Role.READ_ONLY);
        Files.writeString(groupFile, "vkrr-admins:x:54411:nobody\n");
        assertThat(roles.unixPeer(user("nobody"), group("54399"))).as("read at each connection")
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void tlsClientsByDnGlobOnceDnRolesAreSet() {
        ClientRoles roles = ClientRoles.parse(NONE, NONE,
                new String[] {"viewer:C=GB,O=Virtkit Test,CN=*", "admin:C=GB,O=Virtkit Test,CN=boss"});

        assertThat(roles.tlsClient("C=GB,O=Virtkit Test,CN=client1")).isEqualTo(Role.VIEWER);
        assertThat(roles.tlsClient("C=GB,O=Virtkit Test,CN=boss")).isEqualTo(Role.ADMIN);
        assertThat(roles.tlsClient("C=FR,O=Other,CN=client1")).isEqualTo(Role.READ_ONLY);
    }

    @Test
    void malformedEntriesAndUnknownNamesStopTheConfigurationNamingThem() {
        assertThatThrownBy(() -> ClientRoles.parse(new String[] {"54321"}, NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unixUserRoles entry '54321' is not ROLE:WHO (ROLE one of viewer, operator, admin, "
                        + "read-only)");
        assertThatThrownBy(() -> ClientRoles.parse(NONE, NONE, new String[] {"boss:C=GB,*"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tlsDnRoles: unknown role 'boss' (one of viewer, operator, admin, read-only)");
        assertThatThrownBy(() -> ClientRoles.parse(new String[] {"admin:no-such-user-vkrr"}, NONE, NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("unixUserRoles: no user 'no-such-user-vkrr'");
        assertThatThrownBy(() -> ClientRoles.parse(NONE, new String[] {"admin:no-such-group-vkrr"}, NONE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unixGroupRoles: no group 'no-such-group-vkrr'");
    }

    @Test
    void refusalsSpeakLibvirtsWords() {
        assertThat(AccessDenied.call("TEST")).hasMessage("access denied: 'Test' denied access")
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.ACCESS_DENIED))
                .satisfies(e -> assertThat(e.domain()).isEqualTo(ErrorDomain.ACCESS));
        assertThat(AccessDenied.call("QEMU")).hasMessage("access denied: 'QEMU' denied access");
        assertThat(AccessDenied.readWriteOpen()).hasMessage("authentication failed: access denied by policy")
                .satisfies(e -> assertThat(e.code()).isEqualTo(ErrorCode.AUTH_FAILED));
    }
}
