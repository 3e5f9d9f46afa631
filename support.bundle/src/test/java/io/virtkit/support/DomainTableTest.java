package io.virtkit.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

class DomainTableTest {

    record Dom(UUID uuid, String name) {
    }

    private final DomainTable<Dom> table = new DomainTable<>(Dom::uuid, Dom::name);
    private final Dom a = new Dom(UUID.randomUUID(), "a");
    private final Dom b = new Dom(UUID.randomUUID(), "b");

    @Test
    void indexesByUuidAndNameInInsertionOrder() {
        table.put(b);
        table.put(a);

        assertThat(table.get(a.uuid())).isSameAs(a);
        assertThat(table.byName("b")).isSameAs(b);
        assertThat(table.byName("c")).isNull();
        assertThat(table.get(null)).isNull();
        assertThat(table.values()).containsExactly(b, a);
        assertThat(table.contains(a.uuid())).isTrue();
    }

    @Test
    void replacingKeepsOneEntryAndRemovingOnlyTheCurrentOne() {
        table.put(a);
        Dom a2 = new Dom(a.uuid(), "a");
        table.put(a2);

        assertThat(table.values()).containsExactly(a2);
        assertThat(table.remove(a)).as("a stale object").isFalse();
        assertThat(table.byName("a")).isSameAs(a2);
        assertThat(table.remove(a2)).isTrue();
        assertThat(table.values()).isEmpty();
        assertThat(table.byName("a")).isNull();
    }

    @Test
    void clashesFollowLibvirtsDefineRule() {
        table.put(a);

        assertThat(table.clash(a.uuid(), "a")).as("the same domain again").isNull();
        assertThat(table.clash(UUID.randomUUID(), "new")).isNull();
        assertThat(table.clash(UUID.randomUUID(), "a")).isSameAs(a);
        assertThat(table.clash(a.uuid(), "renamed")).isSameAs(a);

        UUID other = UUID.randomUUID();
        assertThatThrownBy(() -> table.rejectClash(other, "a")).isInstanceOfSatisfying(VirtException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
            assertThat(e.domain()).isEqualTo(ErrorDomain.DOMAIN);
        }).hasMessage("operation failed: domain 'a' already exists with uuid " + a.uuid());
        assertThatThrownBy(() -> table.rejectClash(a.uuid(), "renamed"))
                .hasMessage("operation failed: domain 'a' is already defined with uuid " + a.uuid());
        table.rejectClash(a.uuid(), "a");
    }

    @Test
    void networkTablesNameNetworksInTheirClashes() {
        DomainTable<Dom> networks = new DomainTable<>(Dom::uuid, Dom::name, "network", ErrorDomain.NETWORK);
        networks.put(a);

        assertThatThrownBy(() -> networks.rejectClash(UUID.randomUUID(), "a"))
                .isInstanceOfSatisfying(VirtException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.OPERATION_FAILED);
                    assertThat(e.domain()).isEqualTo(ErrorDomain.NETWORK);
                }).hasMessage("operation failed: network 'a' already exists with uuid " + a.uuid());
        assertThatThrownBy(() -> networks.rejectClash(a.uuid(), "renamed"))
                .hasMessage("operation failed: network 'a' is already defined with uuid " + a.uuid());
    }
}
