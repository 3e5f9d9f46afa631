package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.virtkit.api.ClientIdentity;
import io.virtkit.api.Connection;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.admin.RemoteDaemon.Role;

/** The dispatcher's role checks: each role calls what it covers, is refused the rest before anything runs. */
class RemoteSessionRoleTest {
    private static final UUID TEST_UUID = UUID.fromString("6695eb01-f6a4-8304-79aa-97f2502e193f");
    /** An inactive domain for the test driver, shared with {@link RemoteRolesVirshTest}. */
    static final String EXTRA_XML = """
            <domain type='test'>
              <name>extra</name>
              <memory>1048576</memory>
              <os><type>hvm</type></os>
            </domain>
            """;
    private static final String DENIED = "access denied: 'Test' denied access";

    private final TestDriverFactory factory = new TestDriverFactory();
    private final List<RemoteSession> sessions = new ArrayList<>();
    private int serial;

    @AfterEach
    void close() {
        sessions.forEach(RemoteSession::close);
        assertThat(factory.opened).noneMatch(Connection::isAlive);
    }

    private RemoteSession session(Role role) {
        RemoteSession s = new RemoteSession(factory, false, true, ClientIdentity.UNKNOWN, role, p -> { });
        sessions.add(s);
        return s;
    }

    private Packet open(RemoteSession s, int flags) {
        return SessionCalls.call(s, ++serial, 1, w -> w.writeOptionalString("test+unix:///default").writeInt(flags));
    }

    private Packet call(RemoteSession s, int proc, Consumer<XdrWriter> args) {
        return SessionCalls.call(s, ++serial, proc, args);
    }

    private static Consumer<XdrWriter> domain(String name, UUID uuid) {
        return w -> {
            w.writeString(name);
            RemoteTypes.writeUuid(w, uuid);
            w.writeInt(-1);
        };
    }

    private static void assertDenied(Packet reply) {
        SessionCalls.assertError(reply, ErrorCode.ACCESS_DENIED.number(), ErrorDomain.ACCESS.number(), DENIED);
    }

    /** The state of the shared test:///default's domain {@code test}, as an admin's own connection sees it. */
    private DomainState testState() {
        try (Connection c = factory.open(ConnectRequest.to("test:///default"))) {
            return c.lookupDomainByName("test").state().state();
        }
    }

    private List<String> domainNames() {
        try (Connection c = factory.open(ConnectRequest.to("test:///default"))) {
            return c.listAllDomains().stream().map(d -> d.name()).toList();
        }
    }

    @Test
    void aClientWithoutARoleMayOpenOnlyReadOnly() {
        RemoteSession none = session(Role.READ_ONLY);
        SessionCalls.assertError(open(none, 0), ErrorCode.AUTH_FAILED.number(), ErrorDomain.ACCESS.number(),
                "authentication failed: access denied by policy");
        assertThat(factory.requests).as("no connection opened").isEmpty();

        assertThat(open(none, RemoteSession.CONNECT_RO).header().status()).isEqualTo(Header.OK);
        assertThat(none.readOnly()).isTrue();
        assertThat(call(none, 273, w -> w.writeInt(1).writeUnsigned(0)).header().status()).isEqualTo(Header.OK);
        SessionCalls.assertError(call(none, 12, domain("test", TEST_UUID)), ErrorCode.OPERATION_DENIED.number(),
                ErrorDomain.DOMAIN.number(), "operation forbidden: read only access prevents virDomainDestroy");
        assertThat(testState()).isEqualTo(DomainState.RUNNING);
    }

    @Test
    void aViewerOpensReadWriteReadsAndIsDeniedEveryChange() {
        RemoteSession viewer = session(Role.VIEWER);
        assertThat(open(viewer, 0).header().status()).isEqualTo(Header.OK);
        assertThat(viewer.readOnly()).isFalse();
        assertThat(call(viewer, 14, w -> {
            domain("test", TEST_UUID).accept(w);
            w.writeInt(0);
        }).header().status()).isEqualTo(Header.OK);

        assertDenied(call(viewer, 14, w -> {
            domain("test", TEST_UUID).accept(w);
            w.writeInt(1); // VIR_DOMAIN_XML_SECURE: dumpxml --security-info is the admin's
        }));
        assertDenied(call(viewer, 12, domain("test", TEST_UUID)));
        assertDenied(call(viewer, 34, domain("test", TEST_UUID)));
        assertDenied(call(viewer, 11, w -> w.writeString(EXTRA_XML)));
        assertDenied(call(viewer, 39, w -> {
            w.writeString("default");
            RemoteTypes.writeUuid(w, UUID.randomUUID());
        }));
        assertThat(testState()).isEqualTo(DomainState.RUNNING);
        assertThat(domainNames()).containsExactly("test");
    }

    @Test
    void anOperatorRunsExistingDomainsButChangesNoDefinition() {
        RemoteSession operator = session(Role.OPERATOR);
        assertThat(open(operator, 0).header().status()).isEqualTo(Header.OK);

        assertThat(call(operator, 34, domain("test", TEST_UUID)).header().status()).isEqualTo(Header.OK);
        assertThat(testState()).isEqualTo(DomainState.PAUSED);
        assertThat(call(operator, 28, domain("test", TEST_UUID)).header().status()).isEqualTo(Header.OK);
        assertThat(call(operator, 12, domain("test", TEST_UUID)).header().status()).isEqualTo(Header.OK);
        assertThat(testState()).isEqualTo(DomainState.SHUTOFF);
        assertThat(call(operator, 9, domain("test", TEST_UUID)).header().status()).isEqualTo(Header.OK);
        assertThat(testState()).isEqualTo(DomainState.RUNNING);

        assertDenied(call(operator, 11, w -> w.writeString(EXTRA_XML)));
        assertDenied(call(operator, 35, domain("test", TEST_UUID)));
        assertDenied(call(operator, 29, w -> {
            domain("test", TEST_UUID).accept(w);
            w.writeInt(1);
        }));
        assertThat(domainNames()).containsExactly("test");
    }

    @Test
    void anAdminDoesEverythingAndTheRefusalNamesNoObject() {
        RemoteSession admin = session(Role.ADMIN);
        assertThat(open(admin, 0).header().status()).isEqualTo(Header.OK);
        assertThat(call(admin, 11, w -> w.writeString(EXTRA_XML)).header().status()).isEqualTo(Header.OK);
        assertThat(domainNames()).containsExactlyInAnyOrder("test", "extra");
        assertThat(call(admin, 14, w -> {
            domain("test", TEST_UUID).accept(w);
            w.writeInt(1);
        }).header().status()).as("secrets too").isEqualTo(Header.OK);

        // checked before the lookup: a viewer learns nothing of which domains exist from its refusals
        RemoteSession viewer = session(Role.VIEWER);
        open(viewer, 0);
        assertDenied(call(viewer, 12, domain("no-such-domain", UUID.randomUUID())));
    }

    @Test
    void theReadOnlySocketMakesEveryClientReadOnlyWhateverItsRole() {
        RemoteSession ro = new RemoteSession(factory, true, true, ClientIdentity.UNKNOWN, Role.ADMIN, p -> { });
        sessions.add(ro);
        assertThat(ro.role()).isEqualTo(Role.READ_ONLY);
        assertThat(open(ro, 0).header().status()).as("a read-only socket's open is read-only by itself")
                .isEqualTo(Header.OK);
        assertThat(ro.readOnly()).isTrue();
    }
}
