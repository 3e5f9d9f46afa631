package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainListFlag;
import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;
import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainOs;

class DomainObjectListTest {

    static final class Dom extends DomainRecord {
        Dom(String name, boolean persistent) {
            this(DomainDefinition.of("test", name, 1024, 1, DomainOs.ofType("hvm")), persistent);
        }

        Dom(DomainDefinition def, boolean persistent) {
            super(def, persistent);
        }
    }

    private final DomainObjectList<Dom> list = new DomainObjectList<>(ErrorDomain.QEMU);
    private final Dom running = new Dom("running", true);
    private final Dom stopped = new Dom("stopped", true);
    private final Dom transientOne = new Dom("transient", false);

    DomainObjectListTest() {
        running.setId(3);
        running.setReason(DomainStateReason.RUNNING_BOOTED);
        stopped.setAutostart(true);
        transientOne.setId(4);
        transientOne.setReason(DomainStateReason.PAUSED_USER);
        list.add(running);
        list.add(stopped);
        list.add(transientOne);
    }

    @Test
    void aNewRecordIsInactiveAndShutOff() {
        Dom d = new Dom("new", false);

        assertThat(d.isActive()).isFalse();
        assertThat(d.id()).isEqualTo(-1);
        assertThat(d.state()).isEqualTo(DomainState.SHUTOFF);
        assertThat(d.isPersistent()).isFalse();
        assertThat(d.isAutostart()).isFalse();
        assertThat(d.name()).isEqualTo("new");
        assertThat(d.uuid()).isEqualTo(d.definition().uuid());
    }

    @Test
    void listsWithLibvirtsFlagsInInsertionOrder() {
        assertThat(list.list()).containsExactly(running, stopped, transientOne);
        assertThat(list.list(DomainListFlag.ACTIVE)).containsExactly(running, transientOne);
        assertThat(list.list(DomainListFlag.INACTIVE)).containsExactly(stopped);
        assertThat(list.list(DomainListFlag.TRANSIENT)).containsExactly(transientOne);
        assertThat(list.list(DomainListFlag.AUTOSTART)).containsExactly(stopped);
        assertThat(list.list(DomainListFlag.PAUSED, DomainListFlag.SHUTOFF)).containsExactly(stopped, transientOne);
        assertThat(list.snapshot()).containsExactly(running, stopped, transientOne);
    }

    @Test
    void looksUpByNameUuidAndIdOfARunningDomain() {
        assertThat(list.lookupByName("stopped")).isSameAs(stopped);
        assertThat(list.lookupByUuid(running.uuid())).isSameAs(running);
        assertThat(list.lookupById(4)).isSameAs(transientOne);
        assertThat(list.find(stopped.uuid(), "stopped")).isSameAs(stopped);
        assertThat(list.get(UUID.randomUUID())).isNull();
    }

    @Test
    void failedLookupsAreNoDomainFromTheDriversErrorDomain() {
        assertNoDomain(() -> list.lookupByName("x"), "no domain with matching name 'x'");
        UUID unknown = UUID.randomUUID();
        assertNoDomain(() -> list.lookupByUuid(unknown), "no domain with matching uuid '" + unknown + "'");
        assertNoDomain(() -> list.lookupByUuid(null), "no domain with matching uuid 'null'");
        assertNoDomain(() -> list.lookupById(-1), "no domain with matching id -1"); // an inactive domain's id
        assertNoDomain(() -> list.find(unknown, "gone"), "no domain with matching uuid '" + unknown + "' (gone)");
    }

    @Test
    void addIfFreeRefusesATakenUuidOrName() {
        Dom sameName = new Dom("stopped", true);

        assertThat(list.addIfFree(sameName)).isFalse();
        assertThat(list.lookupByName("stopped")).isSameAs(stopped);
        assertThat(list.clash(sameName.uuid(), "stopped")).isSameAs(stopped);
        assertThatThrownBy(() -> list.rejectClash(sameName.uuid(), "stopped"))
                .isInstanceOf(VirtException.class)
                .hasMessageContaining("domain 'stopped' already exists with uuid " + stopped.uuid());

        Dom fresh = new Dom("fresh", true);
        assertThat(list.addIfFree(fresh)).isTrue();
        assertThat(list.addIfFree(fresh)).isFalse();
        assertThat(list.lookupByName("fresh")).isSameAs(fresh);
    }

    @Test
    void removeForgetsOnlyTheHeldRecord() {
        assertThat(list.remove(new Dom("running", true))).isFalse();
        assertThat(list.remove(running)).isTrue();

        assertThat(list.list()).containsExactly(stopped, transientOne);
        assertNoDomain(() -> list.lookupById(3), "no domain with matching id 3");
    }

    private static void assertNoDomain(Runnable call, String message) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.NO_DOMAIN);
            assertThat(e.domain()).isEqualTo(ErrorDomain.QEMU);
            assertThat(e.getMessage()).contains(message);
        });
    }

    @Test
    void defineAddsSavesAndAnnouncesThenUpdatesTheSameRecord(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        DomainConfigDir config = new DomainConfigDir(dir, ErrorDomain.QEMU);
        java.util.List<String> events = new java.util.ArrayList<>();
        DomainDefinition def = DomainDefinition.of("test", "fresh", 1024, 1, DomainOs.ofType("hvm"))
                .withUuid(UUID.randomUUID());

        Dom added = list.define(def, config, d -> new Dom(d, true), (d, e) -> events.add(d.name() + " " + e));
        assertThat(list.lookupByName("fresh")).isSameAs(added);
        assertThat(added.isPersistent()).isTrue();
        assertThat(config.configFile("fresh")).exists();

        Dom updated = list.define(def.withVcpus(2), config, d -> new Dom(d, true),
                (d, e) -> events.add(d.name() + " " + e));
        assertThat(updated).isSameAs(added);
        assertThat(updated.definition().vcpus()).isEqualTo(2);
        // a transient domain that gets defined becomes persistent: ADDED, as libvirt says
        list.define(transientOne.definition(), config, d -> new Dom(d, true), (d, e) -> events.add(d.name() + " " + e));
        assertThat(transientOne.isPersistent()).isTrue();
        assertThat(events).containsExactly("fresh DEFINED_ADDED", "fresh DEFINED_UPDATED", "transient DEFINED_ADDED");

        // the name of another domain with a new UUID: refused, nothing saved
        DomainDefinition clash = DomainDefinition.of("test", "stopped", 1024, 1, DomainOs.ofType("hvm"))
                .withUuid(UUID.randomUUID());
        assertThatThrownBy(() -> list.define(clash, config, d -> new Dom(d, true), (d, e) -> events.add("x")))
                .isInstanceOf(VirtException.class);
        assertThat(config.configFile("stopped")).doesNotExist();
        assertThat(events).hasSize(3);
    }

    @Test
    void createReservesAnInactiveDomainOrAddsATransientOneAndRefusesARunningOne() {
        DomainObjectList.Reserved<Dom> existing = list.reserveForCreate(stopped.definition(), d -> new Dom(d, false));
        assertThat(existing.domain()).isSameAs(stopped);
        assertThat(existing.added()).isFalse();

        DomainDefinition def = DomainDefinition.of("test", "brand-new", 1024, 1, DomainOs.ofType("hvm"))
                .withUuid(UUID.randomUUID());
        DomainObjectList.Reserved<Dom> fresh = list.reserveForCreate(def, d -> new Dom(d, false));
        assertThat(fresh.added()).isTrue();
        assertThat(list.lookupByName("brand-new")).isSameAs(fresh.domain());
        list.dropIfUnused(fresh.domain());
        assertThatThrownBy(() -> list.lookupByName("brand-new")).isInstanceOf(VirtException.class);
        list.dropIfUnused(stopped); // persistent: stays
        assertThat(list.lookupByName("stopped")).isSameAs(stopped);

        assertThatThrownBy(() -> list.reserveForCreate(running.definition(), d -> new Dom(d, false)))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_INVALID);
                    assertThat(e.getMessage()).contains("domain 'running' is already active");
                });
    }

    @Test
    void createStartsTheReservedRecordAndTakesAnAddedOneAwayWhenTheStartFails() {
        DomainDefinition def = DomainDefinition.of("test", "made", 1024, 1, DomainOs.ofType("hvm"))
                .withUuid(UUID.randomUUID());
        java.util.List<String> started = new java.util.ArrayList<>();

        Dom made = list.create(def, d -> new Dom(d, false), d -> {
            started.add(d.name());
            d.setId(9);
            d.setReason(DomainStateReason.RUNNING_BOOTED);
        });
        assertThat(list.lookupByName("made")).isSameAs(made);
        assertThat(made.isActive()).isTrue();

        DomainDefinition doomed = DomainDefinition.of("test", "doomed", 1024, 1, DomainOs.ofType("hvm"))
                .withUuid(UUID.randomUUID());
        VirtException failure = new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "no");
        assertThatThrownBy(() -> list.create(doomed, d -> new Dom(d, false), d -> {
            started.add(d.name());
            throw failure;
        })).isSameAs(failure);
        assertThatThrownBy(() -> list.lookupByName("doomed")).isInstanceOf(VirtException.class);
        // a defined domain whose start fails stays defined
        assertThatThrownBy(() -> list.create(stopped.definition(), d -> new Dom(d, false), d -> {
            started.add(d.name());
            throw failure;
        })).isSameAs(failure);
        assertThat(list.lookupByName("stopped")).isSameAs(stopped);
        assertThat(started).containsExactly("made", "doomed", "stopped");
    }

    @Test
    void undefineForgetsAnInactiveDomainAndLeavesARunningOneTransient(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        DomainConfigDir config = new DomainConfigDir(dir, ErrorDomain.QEMU);
        config.save(stopped.definition());
        config.save(running.definition());
        java.util.List<String> events = new java.util.ArrayList<>();

        list.undefine(stopped, config, (d, e) -> events.add(d.name() + " " + e));
        list.undefine(running, config, (d, e) -> events.add(d.name() + " " + e));

        assertThat(events).containsExactly("stopped UNDEFINED_REMOVED", "running UNDEFINED_REMOVED");
        assertThat(config.configFile("stopped")).doesNotExist();
        assertThat(config.configFile("running")).doesNotExist();
        assertThatThrownBy(() -> list.lookupByName("stopped")).isInstanceOf(VirtException.class);
        assertThat(list.lookupByName("running")).isSameAs(running);
        assertThat(running.isPersistent()).isFalse();
        assertThat(running.isActive()).isTrue();
    }

    @Test
    void destroyOwnedByReachesOnlyTheRunsThatConnectionStartedAndSurvivesAFailure() {
        Object closing = new Object();
        Object other = new Object();
        java.util.Map<Dom, Object> owners = new java.util.HashMap<>(java.util.Map.of(running, closing, transientOne, closing));
        Dom third = new Dom("third", true);
        third.setId(5);
        third.setReason(DomainStateReason.RUNNING_BOOTED);
        list.add(third);
        owners.put(third, other);
        java.util.List<String> destroyed = new java.util.ArrayList<>();

        list.destroyOwnedBy(closing, owners::get, d -> {
            destroyed.add(d.name());
            if (d == running) {
                throw new VirtException(ErrorCode.OPERATION_FAILED, ErrorDomain.QEMU, "cannot");
            }
        });

        // the first one's failure does not keep the second from going; another connection's run stays
        assertThat(destroyed).containsExactly("running", "transient");
    }
}
