package io.virtkit.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class VirshTableTest {

    @Test
    void columnsArePaddedToTheWidestCellAndDashesCoverWidthsPlusThreeEach() {
        String table = new VirshTable("Id", "Name", "State")
                .row("1", "test", "running")
                .row("12", "a-longer-name", "shut off")
                .render();
        assertThat(table).isEqualTo("""
                 Id   Name            State
                --------------------------------
                 1    test            running
                 12   a-longer-name   shut off
                """);
    }

    @Test
    void aRowMustFillEveryColumn() {
        assertThatIllegalArgumentException().isThrownBy(() -> new VirshTable("Id", "Name").row("1"));
    }

    @Test
    void domainKeysAreParsedAsVirshDoes() {
        assertThat(DomainLookup.parseId("12")).isEqualTo(12);
        assertThat(DomainLookup.parseId("-1")).isNull();
        assertThat(DomainLookup.parseId("99999999999")).isNull();
        assertThat(DomainLookup.parseId("test")).isNull();
        assertThat(DomainLookup.parseUuid("6695eb01f6a4830479aa97f2502e193f"))
                .hasToString("6695eb01-f6a4-8304-79aa-97f2502e193f");
        assertThat(DomainLookup.parseUuid("1-1-1-1-1")).isNull();
    }
}
