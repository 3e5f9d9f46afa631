package io.virtkit.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;

class SaveArgsTest {
    @Test
    void aPathIsMadeAbsoluteAndNormalised() {
        assertThat(SaveArgs.absolutePath("/tmp/a/../b.save", "to", "virDomainSaveFlags")).isEqualTo("/tmp/b.save");
    }

    /** Found by remote.bundle's ProcedureCallFuzzTest: a NUL in a client's path was an internal error. */
    @Test
    void aPathWithANulCharacterIsAnInvalidArgument() {
        assertThatThrownBy(() -> SaveArgs.absolutePath("/tmp/a\0b.save", "to", "virDomainSaveFlags"))
                .isInstanceOfSatisfying(VirtException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARG))
                .hasMessageStartingWith("to in virDomainSaveFlags must be a file name");
    }
}
