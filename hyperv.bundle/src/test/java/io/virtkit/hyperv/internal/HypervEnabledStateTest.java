package io.virtkit.hyperv.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.virtkit.api.DomainState;
import io.virtkit.api.DomainStateReason;

class HypervEnabledStateTest {

    @Test
    void runningOffAndBothGenerationsOfPausedAndSaved() {
        assertThat(HypervEnabledState.reason(2)).isEqualTo(DomainStateReason.RUNNING_UNKNOWN);
        assertThat(HypervEnabledState.reason(3)).isEqualTo(DomainStateReason.SHUTOFF_UNKNOWN);
        assertThat(HypervEnabledState.reason(6)).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(HypervEnabledState.reason(32769)).isEqualTo(DomainStateReason.SHUTOFF_SAVED);
        assertThat(HypervEnabledState.state(9)).isEqualTo(DomainState.PAUSED);
        assertThat(HypervEnabledState.state(32768)).isEqualTo(DomainState.PAUSED);
        assertThat(HypervEnabledState.state(0)).isEqualTo(DomainState.NOSTATE);
        assertThat(HypervEnabledState.state(12345)).isEqualTo(DomainState.NOSTATE);
    }

    @Test
    void transitionsAreActiveAsLibvirtSays() {
        for (int s : new int[] {32770, 32771, 32773, 32776, 32777}) {
            assertThat(HypervEnabledState.state(s)).as("state %d", s).isEqualTo(DomainState.RUNNING);
            assertThat(HypervEnabledState.isActive(s)).isTrue();
            assertThat(HypervEnabledState.inTransition(s)).isTrue();
        }
        assertThat(HypervEnabledState.state(32774)).isEqualTo(DomainState.SHUTDOWN);
        assertThat(HypervEnabledState.inTransition(32774)).isTrue();
    }

    @Test
    void activity() {
        assertThat(HypervEnabledState.isActive(2)).isTrue();
        assertThat(HypervEnabledState.isActive(9)).isTrue();
        assertThat(HypervEnabledState.isActive(3)).isFalse();
        assertThat(HypervEnabledState.isActive(6)).isFalse();
        assertThat(HypervEnabledState.isActive(32769)).isFalse();
        assertThat(HypervEnabledState.isSaved(6)).isTrue();
        assertThat(HypervEnabledState.isSaved(3)).isFalse();
        assertThat(HypervEnabledState.inTransition(2)).isFalse();
    }
}
