package io.virtkit.esx.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.ObjectContent;
import io.virtkit.esx.internal.vim.VimNode;

/**
 * Simulator test: vSphere tasks that never finish. vcsim runs every task to its end within the call, so the
 * launcher's test-only knob {@code -hang-tasks} makes PowerOnVM_Task and RegisterVM_Task answer a task that
 * stays running until it is cancelled. The connection gives up after its task timeout (OPERATION_TIMEOUT),
 * cancels the task and leaves nothing half-done.
 */
class EsxStuckTasksSimulatorTest {
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(2);
    @RegisterExtension
    static final OwnSimulator OWN = new OwnSimulator(VcsimFixture.Options.esx(1), "-hang-tasks",
            "PowerOnVM_Task,RegisterVM_Task");

    private static HypervisorConnection open() {
        return EsxRobustnessSimulatorTest.open(OWN.get(), EsxSettings.DEFAULTS.withTaskTimeout(TASK_TIMEOUT),
                ConnectionEvents.NONE, EsxDrivers.password(OWN.get()));
    }

    @Test
    void aStartWhoseTaskNeverEndsTimesOutAndCancelsIt() throws Exception {
        try (HypervisorConnection conn = open(); VimAdmin admin = VimAdmin.login(OWN.get())) {
            DomainRef vm = conn.lookupDomainByName("ha-host_VM0");
            conn.destroyDomain(vm, 0); // powering off is not stuck
            assertThatThrownBy(() -> conn.startDomain(vm, 0)).isInstanceOfSatisfying(VirtException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                assertThat(e.domain()).isEqualTo(ErrorDomain.ESX);
                assertThat(e.getMessage()).contains("Could not start domain: the task did not finish within 2 s");
            });
            assertThat(conn.domainState(vm, 0).state()).isEqualTo(DomainState.SHUTOFF);
            ObjectContent task = lastTask(admin, "PowerOnVM_Task").orElseThrow();
            assertThat(task.text("info.state")).isEqualTo("error");
            assertThat(task.text("info.cancelled")).isEqualTo("true");
            assertThat(task.get("info.error").flatMap(err -> err.at("fault")).flatMap(VimNode::xsiType))
                    .contains("RequestCanceled");
        }
    }

    /** The define's RegisterVM never ends: no VM registered, and the uploaded .vmx is removed again. */
    @Test
    void aDefineWhoseRegisterNeverEndsLeavesNoVmAndNoFile() throws Exception {
        try (HypervisorConnection conn = open(); VimAdmin admin = VimAdmin.login(OWN.get())) {
            List<DomainRef> before = conn.listAllDomains(0);
            assertThatThrownBy(() -> conn.defineDomain(EsxDomainEventsSimulatorTest.vmXml("stuck-define"), 0))
                    .isInstanceOfSatisfying(VirtException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_TIMEOUT);
                        assertThat(e.getMessage()).contains("Could not define domain: the task did not finish");
                    });
            assertThat(conn.listAllDomains(0)).isEqualTo(before);
            assertThat(EsxRobustnessSimulatorTest.anyFileNamed(OWN.get(), "stuck-define.vmx")).isFalse();
            assertThat(lastTask(admin, "RegisterVM_Task").orElseThrow().text("info.cancelled")).isEqualTo("true");
        }
    }

    /** The newest of the server's recent tasks named {@code name}. */
    private static Optional<ObjectContent> lastTask(VimAdmin admin, String name) {
        MoRef taskManager = admin.session.serviceObject("taskManager");
        List<VimNode> recent = admin.properties.retrieveOne(taskManager, "recentTask").get("recentTask")
                .map(VimNode::children).orElse(List.of());
        Optional<ObjectContent> last = Optional.empty();
        for (VimNode ref : recent) {
            ObjectContent task = admin.properties.retrieveOne(ref.asMoRef(), "info.name", "info.state",
                    "info.cancelled", "info.error");
            if (name.equals(task.text("info.name"))) {
                last = Optional.of(task);
            }
        }
        return last;
    }
}
