package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.virtkit.api.admin.RemoteDaemon.Role;

/**
 * Every procedure has its role (the constructor cannot be called without an {@link Procedure.Access}), and the split
 * is the one issue 18 shares with the console's ACLs: viewer exactly what a read-only connection may call, operator
 * the lifecycle of existing domains, admin the rest.
 */
class ProcedureRoleTest {
    /** libvirt's domain lifecycle calls (domain:start, stop, init_control, suspend): the operator's. */
    private static final Set<Procedure> LIFECYCLE = EnumSet.of(Procedure.DOMAIN_CREATE,
            Procedure.DOMAIN_CREATE_WITH_FLAGS, Procedure.DOMAIN_SHUTDOWN, Procedure.DOMAIN_SHUTDOWN_FLAGS,
            Procedure.DOMAIN_DESTROY, Procedure.DOMAIN_DESTROY_FLAGS, Procedure.DOMAIN_SUSPEND,
            Procedure.DOMAIN_RESUME, Procedure.DOMAIN_REBOOT);

    @Test
    void everyProcedureHasARoleAboveReadOnly() {
        for (Procedure p : Procedure.values()) {
            assertThat(p.role()).as("%s", p).isNotNull().isNotEqualTo(Role.READ_ONLY);
        }
    }

    @Test
    void viewersMayCallExactlyWhatReadOnlyConnectionsMay() {
        for (Procedure p : Procedure.values()) {
            assertThat(p.role() == Role.VIEWER).as("%s: viewer iff it does not mutate", p).isEqualTo(!p.mutates());
        }
    }

    @Test
    void operatorsGetTheLifecycleOfExistingDomainsAndNothingElse() {
        assertThat(Arrays.stream(Procedure.values()).filter(p -> p.role() == Role.OPERATOR))
                .containsExactlyInAnyOrderElementsOf(LIFECYCLE);
    }

    @Test
    void definitionsNetworksStorageMigrationAndSnapshotsAreTheAdmins() {
        assertThat(EnumSet.of(Procedure.DOMAIN_DEFINE_XML, Procedure.DOMAIN_DEFINE_XML_FLAGS,
                Procedure.DOMAIN_UNDEFINE, Procedure.DOMAIN_UNDEFINE_FLAGS, Procedure.DOMAIN_CREATE_XML,
                Procedure.DOMAIN_ATTACH_DEVICE_FLAGS, Procedure.DOMAIN_SET_MEMORY_FLAGS, Procedure.DOMAIN_SET_AUTOSTART,
                Procedure.DOMAIN_MANAGED_SAVE, Procedure.DOMAIN_SAVE, Procedure.DOMAIN_RESTORE,
                Procedure.DOMAIN_SNAPSHOT_CREATE_XML, Procedure.DOMAIN_REVERT_TO_SNAPSHOT,
                Procedure.DOMAIN_MIGRATE_PERFORM3_PARAMS, Procedure.DOMAIN_ABORT_JOB, Procedure.NETWORK_CREATE,
                Procedure.NETWORK_DEFINE_XML, Procedure.STORAGE_POOL_CREATE, Procedure.STORAGE_VOL_DOWNLOAD,
                Procedure.CONNECT_GET_DOMAIN_CAPABILITIES))
                .allSatisfy(p -> assertThat(p.role()).as("%s", p).isEqualTo(Role.ADMIN));
    }
}
