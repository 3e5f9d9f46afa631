package io.virtkit.netdev.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class TapNameAllocatorTest {

    @Test
    void startsAtZeroWithoutExistingNames() {
        TapNameAllocator a = new TapNameAllocator(List.of("lo", "eth0"), n -> false);
        assertThat(List.of(a.next(), a.next(), a.next())).containsExactly("vnet0", "vnet1", "vnet2");
    }

    @Test
    void reservesPastEveryExistingVnet() {
        TapNameAllocator a = new TapNameAllocator(List.of("vnet3", "vnet12", "vnetx", "vnet007", "myvnet99"), n -> false);
        assertThat(a.next()).isEqualTo("vnet13");
    }

    @Test
    void skipsNamesInUse() {
        Set<String> used = Set.of("vnet0", "vnet1", "vnet3");
        TapNameAllocator a = new TapNameAllocator(List.of(), used::contains);
        assertThat(List.of(a.next(), a.next())).containsExactly("vnet2", "vnet4");
    }

    @Test
    void aFreedNameIsNotHandedOutAgainSoon() {
        Set<String> live = new HashSet<>();
        TapNameAllocator a = new TapNameAllocator(List.of(), live::contains);
        String first = a.next();
        live.add(first);
        live.remove(first); // the guest stopped, its TAP vanished
        assertThat(a.next()).isEqualTo("vnet1");
    }

    @Test
    void giveUpAfterBoundedAttemptsWithLibvirtStyleError() {
        TapNameAllocator a = new TapNameAllocator(List.of(), n -> true, 50);
        assertThatThrownBy(a::next).isInstanceOfSatisfying(VirtException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL_ERROR))
                .hasMessage("internal error: no unused vnet names available");
    }

    @Test
    void wrapsToZeroAfterTheLargestNameThatFits() {
        TapNameAllocator a = new TapNameAllocator(List.of("vnet" + TapNameAllocator.MAX_ID), n -> false);
        assertThat(a.next()).isEqualTo("vnet0");
        assertThat(("vnet" + TapNameAllocator.MAX_ID).length()).isEqualTo(InterfaceNames.MAX_LENGTH);
    }

    @Test
    void concurrentCallersNeverGetTheSameName() throws Exception {
        TapNameAllocator a = new TapNameAllocator(List.of(), n -> false);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        assertThat(seen.add(a.next())).isTrue();
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(seen).hasSize(2000);
        assertThat(Collections.max(seen, (x, y) -> Integer.compare(x.length(), y.length()))).startsWith("vnet");
    }

    @Test
    void vethNamesHaveTheirOwnCounterAndReservations() {
        TapNameAllocator a = new TapNameAllocator(TapNameAllocator.VETH_PREFIX,
                List.of("vnet40", "veth3", "veth007", "myveth9"), "veth4"::equals);
        assertThat(a.next()).isEqualTo("veth5");
        assertThat(TapNameAllocator.isGenerated(TapNameAllocator.VETH_PREFIX, "veth12")).isTrue();
        assertThat(TapNameAllocator.isGenerated(TapNameAllocator.VETH_PREFIX, "vnet12")).isFalse();
        assertThat(TapNameAllocator.isGenerated(TapNameAllocator.VETH_PREFIX, "ctveth0")).isFalse();
        assertThatThrownBy(() -> new TapNameAllocator("container", List.of(), n -> false))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
