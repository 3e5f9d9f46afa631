package io.virtkit.model.domain;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/** The schema test may skip for a missing validator only off CI. */
class SchemaValidatorPolicyTest {

    @Test
    void aMissingValidatorFailsOnCi() {
        assertThatThrownBy(() -> DomainXmlSchemaTest.validatorUnavailable("gone", "true"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CI=true").hasMessageContaining("gone");
    }

    @Test
    void aMissingValidatorSkipsElsewhere() {
        assertThatThrownBy(() -> DomainXmlSchemaTest.validatorUnavailable("gone", null))
                .isInstanceOf(TestAbortedException.class);
        assertThatThrownBy(() -> DomainXmlSchemaTest.validatorUnavailable("gone", "false"))
                .isInstanceOf(TestAbortedException.class);
    }
}
