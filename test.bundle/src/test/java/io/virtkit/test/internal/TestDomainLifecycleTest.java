package io.virtkit.test.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainEventDetail;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.StartFlag;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainXmlCodec;

/** A test domain's state moves, their checks, ids, CPU time and events, without a driver around them. */
class TestDomainLifecycleTest {

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> events = new ArrayList<>();
    private final List<DomainObject> forgotten = new ArrayList<>();
    private final TestDomainLifecycle lifecycle = new TestDomainLifecycle(clock::get,
            (d, detail) -> events.add(d.name() + " " + detail), forgotten::add);

    private static DomainObject domain(String name, boolean persistent, String onReboot) {
        String xml = Xml.domain(name, null).replace("</os>", "</os><on_reboot>" + onReboot + "</on_reboot>");
        return new DomainObject(DomainXmlCodec.parse(xml), persistent);
    }

    @Test
    void bootGivesIdsInTurnAndPausedStartsReportBoth() {
        DomainObject a = domain("a", true, "restart");
        DomainObject b = domain("b", true, "restart");
        lifecycle.start(a, null, Set.of());
        lifecycle.start(b, null, Set.of(StartFlag.PAUSED));
        assertThat(a.id).isEqualTo(1);
        assertThat(b.id).isEqualTo(2);
        assertThat(b.reason).isEqualTo(DomainStateReason.PAUSED_USER);
        assertThat(events).containsExactly("a " + DomainEventDetail.STARTED_BOOTED,
                "b " + DomainEventDetail.STARTED_BOOTED, "b " + DomainEventDetail.SUSPENDED_PAUSED);
        assertThatThrownBy(() -> lifecycle.start(a, null, Set.of())).isInstanceOf(VirtException.class)
                .hasMessageContaining("domain is already running");
    }

    @Test
    void cpuTimeRunsOnlyWhileRunning() {
        DomainObject d = domain("d", true, "restart");
        lifecycle.boot(d, null, Set.of());
        clock.addAndGet(500);
        lifecycle.suspend(d);
        clock.addAndGet(10_000);
        assertThat(lifecycle.cpuTimeNanos(d)).isEqualTo(500);
        lifecycle.resume(d);
        clock.addAndGet(20);
        assertThat(lifecycle.cpuTimeNanos(d)).isEqualTo(520);
        assertThatThrownBy(() -> lifecycle.resume(d)).hasMessageContaining("domain 'd' not paused");
    }

    @Test
    void rebootFollowsOnRebootAndATransientDomainVanishesWhenItStops() {
        DomainObject restarts = domain("r", true, "restart");
        lifecycle.boot(restarts, null, Set.of());
        lifecycle.reboot(restarts);
        assertThat(restarts.reason).isEqualTo(DomainStateReason.RUNNING_BOOTED);
        assertThat(restarts.id).isEqualTo(1);

        DomainObject transientOne = domain("t", false, "destroy");
        lifecycle.boot(transientOne, null, Set.of());
        events.clear();
        lifecycle.reboot(transientOne);
        assertThat(transientOne.state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(transientOne.reason).isEqualTo(DomainStateReason.SHUTOFF_SHUTDOWN);
        assertThat(events).containsExactly("t " + DomainEventDetail.STOPPED_SHUTDOWN);
        assertThat(forgotten).containsExactly(transientOne);
        assertThatThrownBy(() -> lifecycle.destroy(transientOne)).isInstanceOf(VirtException.class);
    }

    @Test
    void aLoadedDomainKeepsTheUnknownReasonAndSendsNothing() {
        DomainObject running = domain("x", true, "restart");
        lifecycle.load(running, DomainState.RUNNING);
        DomainObject off = domain("y", true, "restart");
        lifecycle.load(off, DomainState.SHUTOFF);
        assertThat(running.id).isEqualTo(1);
        assertThat(running.stateInfo().toString()).isEqualTo("running (unknown)");
        assertThat(off.isActive()).isFalse();
        assertThat(events).isEmpty();
    }
}
