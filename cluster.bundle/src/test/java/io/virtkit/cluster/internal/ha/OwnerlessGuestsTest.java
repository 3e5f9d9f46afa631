package io.virtkit.cluster.internal.ha;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The recovery leader's count of how long each HA guest has been seen without a lease. */
class OwnerlessGuestsTest {
    private static final long MARGIN = 3_000;
    private final OwnerlessGuests ownerless = new OwnerlessGuests(MARGIN);

    @Test
    void aGuestIsDueOnceSeenWithoutLeaseForTheMarginFromTheFirstLook() {
        assertThat(ownerless.look(List.of("web"), Set.of(), 10_000)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 12_999)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 13_000)).containsExactly("web");
        assertThat(ownerless.since("web")).hasValue(10_000);
    }

    @Test
    void aLeaseSeenInBetweenStartsTheCountAgain() {
        ownerless.look(List.of("web"), Set.of(), 10_000);
        ownerless.look(List.of("web"), Set.of("web"), 11_000);
        assertThat(ownerless.since("web")).isEmpty();

        assertThat(ownerless.look(List.of("web"), Set.of(), 12_000)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 14_000)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 15_000)).containsExactly("web");
    }

    @Test
    void aNewTermOfLeadershipCountsFromItsOwnLooksOnly() {
        ownerless.look(List.of("web"), Set.of(), 10_000);
        ownerless.clear();

        assertThat(ownerless.look(List.of("web"), Set.of(), 20_000)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 22_999)).isEmpty();
        assertThat(ownerless.look(List.of("web"), Set.of(), 23_000)).containsExactly("web");
    }

    @Test
    void aGuestNoLongerWantedIsForgottenAndCountsAfreshWhenWantedAgain() {
        ownerless.look(List.of("web", "db"), Set.of(), 10_000);
        assertThat(ownerless.look(List.of("db"), Set.of(), 11_000)).isEmpty();
        assertThat(ownerless.since("web")).isEmpty();

        assertThat(ownerless.look(List.of("web", "db"), Set.of(), 13_000)).containsExactly("db");
        assertThat(ownerless.look(List.of("web", "db"), Set.of(), 16_000)).containsExactlyInAnyOrder("web", "db");
    }
}
