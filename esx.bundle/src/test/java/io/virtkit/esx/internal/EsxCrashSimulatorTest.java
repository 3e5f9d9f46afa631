package io.virtkit.esx.internal;

import static io.virtkit.api.DomainEventDetail.STARTED_BOOTED;
import static io.virtkit.api.DomainEventDetail.STOPPED_DESTROYED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.virtkit.api.DomainState;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.driver.ConnectionEvents;
import io.virtkit.api.driver.DomainRef;
import io.virtkit.api.driver.HypervisorConnection;
import io.virtkit.esx.internal.vim.MoRef;
import io.virtkit.esx.internal.vim.VimNode;
import io.virtkit.esx.internal.vim.VimTasks;

/**
 * Simulator test: Virtkit killed (SIGKILL, a child JVM running the driver) in the middle of an ESX change. The
 * server owns every change's state, so nothing is repaired on the client's side: a new connection reports what
 * the server says. Each case waits for the state it means on the server (the task running, the events watch
 * answering), never for a time.
 *
 * <p>A define killed while its RegisterVM task runs leaves its uploaded {@code .vmx} on the datastore once the
 * task ends without registering (libvirt's define leaves it too). Virtkit does not remove it later: a {@code .vmx}
 * that no VM uses is exactly what an undefine leaves on purpose (libvirt's and Virtkit's undefine keep the
 * VM's files), so a stray one cannot be told from a user's. A define of the same domain writes over it (as
 * libvirt's, whose define does not look for an existing file), and a define that fails puts it back as it was.
 */
class EsxCrashSimulatorTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path home;

    private Child child;

    @AfterEach
    void killChild() throws Exception {
        if (child != null) {
            child.kill();
        }
    }

    /** Case 1: killed while the define's RegisterVM task runs. */
    @Test
    void aDefineKilledDuringRegistrationLeavesItsVmxAndTheSameDefineThenWorks() throws Exception {
        try (VcsimFixture sim = VcsimFixture.start(VcsimFixture.Options.esx(1), "-hang-tasks", "RegisterVM_Task:1");
                VimAdmin admin = VimAdmin.login(sim)) {
            LibvirtEsxVirsh virsh = new LibvirtEsxVirsh(home);
            child = Child.start(sim, 60, "define", "crash-define");
            child.await("DEFINING");
            MoRef task = awaitTask(admin, "RegisterVM_Task", "running"); // its .vmx was uploaded before
            assertThat(EsxRobustnessSimulatorTest.anyFileNamed(sim, "crash-define.vmx")).isTrue();
            child.kill();
            assertThat(child.said()).doesNotContain("DEFINED");

            try (HypervisorConnection conn = open(sim)) {
                assertThat(names(conn)).as("no half-defined VM while the task is pending")
                        .doesNotContain("crash-define");
                assertThat(virsh.virsh(sim, "list", "--all", "--name")).doesNotContain("crash-define");

                admin.session.call("CancelTask", task);
                awaitTask(admin, "RegisterVM_Task", "error");
                assertThat(names(conn)).doesNotContain("crash-define");
                assertThat(virsh.virsh(sim, "list", "--all", "--name")).doesNotContain("crash-define");
                Path stray = EsxRobustnessSimulatorTest.datastoreFile(sim, "crash-define/crash-define.vmx");
                assertThat(stray).as("what the crash leaves").exists();

                DomainRef d = conn.defineDomain(EsxDomainEventsSimulatorTest.vmXml("crash-define")
                        .replace("65536", "131072"), 0);
                assertThat(Files.readString(stray)).as("the define wrote over the stray .vmx")
                        .contains("memsize = \"128\"");
                assertThat(conn.domainXml(d, 0)).contains("<memory unit='KiB'>131072</memory>");
                conn.startDomain(d, 0);
                assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.RUNNING);
                assertThat(virsh.virsh(sim, "domstate", "crash-define").strip()).isEqualTo("running");
                virsh.virsh(sim, "destroy", "crash-define");
                assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.SHUTOFF);
                assertThat(virsh.virsh(sim, "dumpxml", "crash-define")).contains("<memory unit='KiB'>131072</memory>");
            }
        }
    }

    /**
     * Case 2: killed while PowerOnVM_Task runs. The VM's state is the server's; a start or destroy is refused
     * as libvirt refuses it ("Other tasks are pending for this domain") until the task ends, then works.
     */
    @Test
    void aStartKilledDuringPowerOnLeavesTheServersStateAndTheNextStartWorksOnceTheTaskEnds() throws Exception {
        try (VcsimFixture sim = VcsimFixture.start(VcsimFixture.Options.esx(1), "-hang-tasks", "PowerOnVM_Task:1");
                VimAdmin admin = VimAdmin.login(sim)) {
            LibvirtEsxVirsh virsh = new LibvirtEsxVirsh(home);
            String name = "ha-host_VM0";
            try (HypervisorConnection conn = open(sim)) {
                conn.destroyDomain(conn.lookupDomainByName(name), 0); // powering off does not hang
            }
            child = Child.start(sim, 60, "start", name);
            child.await("STARTING");
            MoRef task = awaitTask(admin, "PowerOnVM_Task", "running");
            child.kill();
            assertThat(child.said()).doesNotContain("STARTED");

            try (HypervisorConnection conn = open(sim)) {
                DomainRef vm = conn.lookupDomainByName(name);
                MoRef ref = admin.vm(vm.uuid());
                assertThat(admin.properties.retrieveOne(ref, "runtime.powerState").text("runtime.powerState"))
                        .isEqualTo("poweredOff");
                assertThat(conn.domainState(vm, 0).state()).as("the server's state").isEqualTo(DomainState.SHUTOFF);
                assertThat(virsh.virsh(sim, "domstate", name).strip()).isEqualTo("shut off");

                assertPendingRefusal(() -> conn.startDomain(vm, 0));
                assertPendingRefusal(() -> conn.destroyDomain(vm, 0)); // before the state check, as libvirt
                assertPendingRefusal(() -> conn.suspendDomain(vm));
                assertPendingRefusal(() -> conn.resumeDomain(vm));
                LibvirtEsxVirsh.Result refusedDestroy = virsh.run(sim, sim.options().password(), "destroy", name);
                assertThat(refusedDestroy.err()).contains(EsxPendingTasks.MESSAGE);
                LibvirtEsxVirsh.Result refused = virsh.run(sim, sim.options().password(), "start", name);
                assertThat(refused.exit()).isNotZero();
                assertThat(refused.err()).contains("Requested operation is not valid: " + EsxPendingTasks.MESSAGE);

                admin.session.call("CancelTask", task);
                awaitTask(admin, "PowerOnVM_Task", "error");
                conn.startDomain(vm, 0);
                assertThat(conn.domainState(vm, 0).state()).isEqualTo(DomainState.RUNNING);
                assertThat(virsh.virsh(sim, "domstate", name).strip()).isEqualTo("running");
                conn.destroyDomain(vm, 0);
                assertThat(conn.domainState(vm, 0).state()).isEqualTo(DomainState.SHUTOFF);
            }
        }
    }

    /**
     * Case 3: killed while its events watch long-polls. The collector and filter it made are the dead
     * session's and stay on the server until that session times out (30 minutes on ESX by default; 8 s here);
     * a new connection's events come through their own collector all along, neither lost nor doubled, and the
     * old session is gone from the server's session list after its timeout.
     */
    @Test
    void aWatchKilledWhileLongPollingDoesNotDisturbANewConnectionsEvents() throws Exception {
        try (VcsimFixture sim = VcsimFixture.start(VcsimFixture.Options.esx(1), "-session-idle-timeout", "8s")) {
            String name = "ha-host_VM0";
            child = Child.start(sim, 4, "watch"); // long polls of 2 s keep its session alive while it runs
            child.await("WATCHING");
            try (VimAdmin admin = VimAdmin.login(sim)) {
                Set<String> dead = admin.otherSessions();
                assertThat(dead).as("the child's session").isNotEmpty();
                MoRef vm = admin.session.call("FindByInventoryPath", admin.session.serviceObject("searchIndex"),
                        VimNode.leaf("inventoryPath", "ha-datacenter/vm/" + name)).child("returnval")
                        .map(VimNode::asMoRef).orElseThrow();
                VimTasks tasks = new VimTasks(admin.session, admin.properties);
                tasks.run(WAIT, "PowerOffVM_Task", vm);
                child.await("EVENT " + name + " " + STOPPED_DESTROYED); // the watch answers, then polls again
                child.kill();

                RecordedDomainEvents events = new RecordedDomainEvents();
                try (HypervisorConnection conn = EsxRobustnessSimulatorTest.open(sim, EsxSettings.DEFAULTS
                        .withCallTimeout(Duration.ofSeconds(4)), events, EsxDrivers.password(sim))) {
                    DomainRef d = conn.lookupDomainByName(name);
                    tasks.run(WAIT, "PowerOnVM_Task", vm);
                    events.await(name, STARTED_BOOTED, WAIT);
                    awaitTrue(() -> !admin.otherSessions().containsAll(dead), "the dead session timed out");
                    tasks.run(WAIT, "PowerOffVM_Task", vm);
                    events.awaitExactly(d.uuid(), List.of(STARTED_BOOTED, STOPPED_DESTROYED), WAIT);
                    assertThat(conn.domainState(d, 0).state()).isEqualTo(DomainState.SHUTOFF);
                }
            }
        }
    }

    private static HypervisorConnection open(VcsimFixture sim) {
        return EsxRobustnessSimulatorTest.open(sim, EsxSettings.DEFAULTS.withTaskTimeout(WAIT), ConnectionEvents.NONE,
                EsxDrivers.password(sim));
    }

    private static List<String> names(HypervisorConnection conn) {
        return conn.listAllDomains(0).stream().map(DomainRef::name).toList();
    }

    private static void assertPendingRefusal(Runnable change) {
        assertThatThrownBy(change::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
            assertThat(e.domain()).isEqualTo(ErrorDomain.ESX);
            assertThat(e.getMessage()).contains(EsxPendingTasks.MESSAGE);
        });
    }

    /** Waits until the server lists a task named {@code name} in {@code state}; that task. */
    private static MoRef awaitTask(VimAdmin admin, String name, String state) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<MoRef> task = task(admin, name, state);
            if (task.isPresent()) {
                return task.get();
            }
            assertThat(System.nanoTime()).as("a %s task %s on the server", state, name).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static Optional<MoRef> task(VimAdmin admin, String name, String state) {
        MoRef taskManager = admin.session.serviceObject("taskManager");
        List<VimNode> recent = admin.properties.retrieveOne(taskManager, "recentTask").get("recentTask")
                .map(VimNode::children).orElse(List.of());
        for (VimNode ref : recent) {
            var info = admin.properties.retrieveOne(ref.asMoRef(), "info.name", "info.state");
            if (name.equals(info.text("info.name")) && state.equals(info.text("info.state"))) {
                return Optional.of(ref.asMoRef());
            }
        }
        return Optional.empty();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    /** A child JVM running {@link EsxCrashChild}, its output lines kept. */
    private static final class Child {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final List<String> said = new CopyOnWriteArrayList<>();

        private Child(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        said.add(line);
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the child is gone
                }
            }, "esx-crash-child-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Child start(VcsimFixture sim, int callTimeoutSeconds, String... action) throws IOException {
            List<String> command = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), EsxCrashChild.class.getName(),
                    Integer.toString(sim.port()), sim.certificate().toString(), sim.options().user(),
                    sim.options().password(), Integer.toString(callTimeoutSeconds)));
            command.addAll(List.of(action));
            return new Child(new ProcessBuilder(command).redirectErrorStream(true).start());
        }

        /** Waits for a line starting with {@code prefix}. */
        void await(String prefix) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (String line; (line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null; ) {
                if (line.startsWith(prefix)) {
                    return;
                }
            }
            throw new AssertionError("the child did not say " + prefix + " (alive: " + process.isAlive() + "): "
                    + said);
        }

        List<String> said() {
            return List.copyOf(said);
        }

        /** SIGKILL, and waits until it is gone. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }
}
