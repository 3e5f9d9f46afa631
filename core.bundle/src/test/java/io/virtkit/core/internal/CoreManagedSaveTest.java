package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Constants;

import io.virtkit.api.ConnectFlag;
import io.virtkit.api.ConnectRequest;
import io.virtkit.api.Connection;
import io.virtkit.api.Domain;
import io.virtkit.api.DomainSaveFlag;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/** Core's managed save, save and restore entries over a recording hypervisor sub-driver. */
class CoreManagedSaveTest {

    private static final Set<String> SAVE_ENTRIES = Set.of("managedSave", "hasManagedSaveImage",
            "managedSaveRemove", "saveDomain", "restoreDomain");

    private final DefaultConnectionFactory factory = new DefaultConnectionFactory();
    private final FakeSubDrivers.Hypervisor test = new FakeSubDrivers.Hypervisor("TEST", true, SAVE_ENTRIES, "test");
    private final FakeSubDrivers.Hypervisor bare = new FakeSubDrivers.Hypervisor("BARE", true, "bare");

    CoreManagedSaveTest() {
        factory.addHypervisorDriver(test, Map.of(Constants.SERVICE_ID, 1L));
        factory.addHypervisorDriver(bare, Map.of(Constants.SERVICE_ID, 2L));
    }

    @Test
    void callsReachTheDriverWithLibvirtsBitsAndAbsolutePaths() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");

        dom.managedSave(DomainSaveFlag.BYPASS_CACHE, DomainSaveFlag.PAUSED);
        assertThat(test.calls).last().isEqualTo("managedSave");
        assertThat(test.lastFlags).isEqualTo(1L | 4L);
        assertThat(dom.hasManagedSaveImage()).isTrue();
        assertThat(test.lastFlags).isZero();
        dom.managedSaveRemove();
        assertThat(test.calls).last().isEqualTo("managedSaveRemove");

        dom.save("images/../vm1.save", null, DomainSaveFlag.RUNNING);
        assertThat(test.lastArgs[1]).isEqualTo(Path.of("vm1.save").toAbsolutePath().toString());
        assertThat(test.lastArgs[2]).isNull();
        assertThat(test.lastFlags).isEqualTo(2L);
        c.restoreDomain("/tmp/./vm1.save", "<domain/>");
        assertThat(test.calls).last().isEqualTo("restoreDomain");
        assertThat(test.lastArgs).containsExactly("/tmp/vm1.save", "<domain/>", 0L);
    }

    @Test
    void runningWithPausedAndMissingPathsAreRefusedBeforeTheDriver() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");
        test.calls.clear();
        String exclusive = "Flags 'VIR_DOMAIN_SAVE_RUNNING' and 'VIR_DOMAIN_SAVE_PAUSED' are"
                + " mutually exclusive";

        assertInvalidArg(() -> dom.managedSave(DomainSaveFlag.RUNNING, DomainSaveFlag.PAUSED), exclusive);
        assertInvalidArg(() -> dom.save("/tmp/x", null, DomainSaveFlag.RUNNING, DomainSaveFlag.PAUSED), exclusive);
        assertInvalidArg(() -> c.restoreDomain("/tmp/x", null, DomainSaveFlag.PAUSED, DomainSaveFlag.RUNNING),
                exclusive);
        assertInvalidArg(() -> dom.save(null, null), "to in virDomainSaveFlags must not be NULL");
        assertInvalidArg(() -> c.restoreDomain(null, null),
                "from in virDomainRestoreFlags must not be NULL");
        assertThat(test.calls).isEmpty();
    }

    @Test
    void aReadOnlyConnectionMayAskForAnImageButNotSaveRemoveOrRestore() {
        Connection c = factory.open(ConnectRequest.to("test:///default").withFlags(ConnectFlag.READ_ONLY));
        Domain dom = c.lookupDomainByName("vm1");
        assertThat(dom.hasManagedSaveImage()).isTrue();

        assertDenied(() -> dom.managedSave(), "virDomainManagedSave");
        assertDenied(dom::managedSaveRemove, "virDomainManagedSaveRemove");
        assertDenied(() -> dom.save("/tmp/x", null), "virDomainSaveFlags");
        assertDenied(() -> c.restoreDomain("/tmp/x", null), "virDomainRestoreFlags");
        assertThat(test.calls).doesNotContain("managedSave", "managedSaveRemove", "saveDomain", "restoreDomain");
    }

    @Test
    void aClosedConnectionAnswersInvalidConnNamingTheFunction() {
        Connection c = factory.open("test:///default");
        Domain dom = c.lookupDomainByName("vm1");
        c.close();

        assertThatThrownBy(dom::hasManagedSaveImage).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONN);
            assertThat(e.getMessage()).isEqualTo("invalid connection pointer in virDomainHasManagedSaveImage");
        });
        assertThatThrownBy(() -> dom.managedSave())
                .hasMessage("invalid connection pointer in virDomainManagedSave");
        assertThatThrownBy(() -> c.restoreDomain("/tmp/x", null))
                .hasMessage("invalid connection pointer in virDomainRestoreFlags");
    }

    @Test
    void aDriverWithoutThemAnswersNoSupportNamingLibvirtsFunction() {
        Connection c = factory.open("bare:///");
        Domain dom = c.lookupDomainByName("vm1");
        assertNoSupport(() -> dom.managedSave(), "virDomainManagedSave");
        assertNoSupport(dom::hasManagedSaveImage, "virDomainHasManagedSaveImage");
        assertNoSupport(dom::managedSaveRemove, "virDomainManagedSaveRemove");
        assertNoSupport(() -> dom.save("/tmp/x", null), "virDomainSaveFlags");
        assertNoSupport(() -> c.restoreDomain("/tmp/x", null), "virDomainRestoreFlags");
    }

    private static void assertInvalidArg(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    private static void assertDenied(ThrowingCallable call, String function) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_DENIED);
            assertThat(e.getMessage()).isEqualTo("operation forbidden: read only access prevents " + function);
        });
    }

    private static void assertNoSupport(ThrowingCallable call, String function) {
        assertThatThrownBy(call).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_SUPPORT);
            assertThat(e.getMessage()).isEqualTo("this function is not supported by the connection driver: "
                    + function);
        });
    }
}
