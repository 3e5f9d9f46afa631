package io.virtkit.support;

import static io.virtkit.api.DomainListFlag.ACTIVE;
import static io.virtkit.api.DomainListFlag.AUTOSTART;
import static io.virtkit.api.DomainListFlag.INACTIVE;
import static io.virtkit.api.DomainListFlag.NO_AUTOSTART;
import static io.virtkit.api.DomainListFlag.OTHER;
import static io.virtkit.api.DomainListFlag.PAUSED;
import static io.virtkit.api.DomainListFlag.PERSISTENT;
import static io.virtkit.api.DomainListFlag.RUNNING;
import static io.virtkit.api.DomainListFlag.SHUTOFF;
import static io.virtkit.api.DomainListFlag.TRANSIENT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;

class DomainListFilterTest {

    @Test
    void noFlagsMatchesEverything() {
        DomainListFilter f = DomainListFilter.of();
        assertThat(f.matches(true, true, DomainState.RUNNING, true)).isTrue();
        assertThat(f.matches(false, false, DomainState.SHUTOFF, false)).isTrue();
        assertThat(DomainListFilter.of((io.virtkit.api.DomainListFlag[]) null)
                .matches(false, true, DomainState.SHUTOFF, false)).isTrue();
    }

    @Test
    void flagsOfOneGroupWiden() {
        assertThat(DomainListFilter.of(ACTIVE).matches(false, true, DomainState.SHUTOFF, false)).isFalse();
        assertThat(DomainListFilter.of(ACTIVE).matches(true, true, DomainState.RUNNING, false)).isTrue();
        assertThat(DomainListFilter.of(ACTIVE, INACTIVE).matches(false, true, DomainState.SHUTOFF, false)).isTrue();
        assertThat(DomainListFilter.of(TRANSIENT).matches(true, true, DomainState.RUNNING, false)).isFalse();
        assertThat(DomainListFilter.of(TRANSIENT).matches(true, false, DomainState.RUNNING, false)).isTrue();
        assertThat(DomainListFilter.of(PERSISTENT).matches(true, false, DomainState.RUNNING, false)).isFalse();
        assertThat(DomainListFilter.of(AUTOSTART).matches(false, true, DomainState.SHUTOFF, false)).isFalse();
        assertThat(DomainListFilter.of(NO_AUTOSTART).matches(false, true, DomainState.SHUTOFF, false)).isTrue();
        assertThat(DomainListFilter.of(AUTOSTART, NO_AUTOSTART).matches(false, true, DomainState.SHUTOFF, true))
                .isTrue();
    }

    @Test
    void groupsNarrowEachOther() {
        DomainListFilter f = DomainListFilter.of(ACTIVE, PERSISTENT);
        assertThat(f.matches(true, true, DomainState.RUNNING, false)).isTrue();
        assertThat(f.matches(true, false, DomainState.RUNNING, false)).isFalse();
        assertThat(f.matches(false, true, DomainState.SHUTOFF, false)).isFalse();
    }

    @Test
    void stateGroupSeparatesRunningPausedShutoffAndOther() {
        assertThat(DomainListFilter.of(RUNNING).matches(true, true, DomainState.RUNNING, false)).isTrue();
        assertThat(DomainListFilter.of(RUNNING).matches(true, true, DomainState.PAUSED, false)).isFalse();
        assertThat(DomainListFilter.of(PAUSED).matches(true, true, DomainState.PAUSED, false)).isTrue();
        assertThat(DomainListFilter.of(SHUTOFF).matches(false, true, DomainState.SHUTOFF, false)).isTrue();
        assertThat(DomainListFilter.of(SHUTOFF).matches(true, true, DomainState.RUNNING, false)).isFalse();
        for (DomainState other : new DomainState[] {DomainState.SHUTDOWN, DomainState.BLOCKED,
                DomainState.CRASHED, DomainState.PMSUSPENDED, DomainState.NOSTATE}) {
            assertThat(DomainListFilter.of(OTHER).matches(true, true, other, false)).as(other.name()).isTrue();
            assertThat(DomainListFilter.of(RUNNING, PAUSED, SHUTOFF).matches(true, true, other, false))
                    .as(other.name()).isFalse();
        }
        assertThat(DomainListFilter.of(OTHER).matches(true, true, DomainState.RUNNING, false)).isFalse();
        assertThat(DomainListFilter.of(RUNNING, PAUSED).matches(true, true, DomainState.PAUSED, false)).isTrue();
    }

    @Test
    void managedSaveGroupSeparatesDomainsWithAndWithoutAnImage() {
        DomainListFilter with = DomainListFilter.of(io.virtkit.api.DomainListFlag.MANAGEDSAVE);
        DomainListFilter without = DomainListFilter.of(io.virtkit.api.DomainListFlag.NO_MANAGEDSAVE);
        assertThat(with.matches(false, true, DomainState.SHUTOFF, false, true)).isTrue();
        assertThat(with.matches(false, true, DomainState.SHUTOFF, false, false)).isFalse();
        assertThat(without.matches(false, true, DomainState.SHUTOFF, false, true)).isFalse();
        assertThat(without.matches(true, true, DomainState.RUNNING, false, false)).isTrue();
        // a driver that keeps no images: none has one
        assertThat(with.matches(false, true, DomainState.SHUTOFF, false)).isFalse();
        assertThat(without.matches(false, true, DomainState.SHUTOFF, false)).isTrue();
        assertThat(DomainListFilter.of(io.virtkit.api.DomainListFlag.MANAGEDSAVE,
                io.virtkit.api.DomainListFlag.INACTIVE).matches(true, true, DomainState.RUNNING, false, true)).isFalse();
    }
}
