package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import io.virtkit.api.StartFlag;

class FlagSetTest {

    @Test
    void dropsNullsAndDuplicatesAndToleratesNoArray() {
        StartFlag any = StartFlag.values()[0];

        assertThat(FlagSet.of(StartFlag.class, any, null, any)).containsExactly(any);
        assertThat(FlagSet.of(StartFlag.class, (StartFlag[]) null)).isEmpty();
        assertThat(FlagSet.of(StartFlag.class)).isEmpty();
    }
}
