package io.virtkit.cluster.internal.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.virtkit.cluster.internal.zk.records.InventoryRecord;

class InventoryCodecTest {
    private static final UUID HOST = UUID.fromString("11111111-2222-3333-4444-555555555555");

    @Test
    void aSmallRecordIsPlainJson() {
        List<byte[]> payloads = InventoryCodec.encode(record(3));
        assertThat(payloads).hasSize(1);
        assertThat(payloads.get(0)[0]).isEqualTo((byte) '{');
        assertThat(InventoryCodec.decode(payloads.get(0))).isEqualTo(record(3));
    }

    @Test
    void aLargeRecordIsGzippedInOneZnode() {
        InventoryRecord big = record(1000);
        List<byte[]> payloads = InventoryCodec.encode(big);
        assertThat(payloads).hasSize(1);
        assertThat(payloads.get(0)).startsWith((byte) 0x1f, (byte) 0x8b).hasSizeLessThan(InventoryCodec.SHARD_ABOVE);
        assertThat(InventoryCodec.decode(payloads.get(0))).isEqualTo(big);
    }

    @Test
    void aRecordOverTheLimitIsShardedEachShardWholeAndEveryDomainInExactlyOne() {
        InventoryRecord big = record(1000);
        List<byte[]> payloads = InventoryCodec.encode(big, 2 * 1024);
        assertThat(payloads).hasSizeGreaterThan(1).allSatisfy(p -> assertThat(p).hasSizeLessThanOrEqualTo(2 * 1024));
        List<InventoryRecord.Entry> merged = new ArrayList<>();
        for (byte[] p : payloads) {
            InventoryRecord shard = InventoryCodec.decode(p);
            assertThat(shard.host()).isEqualTo(big.host());
            assertThat(shard.serial()).isEqualTo(big.serial());
            merged.addAll(shard.domains());
        }
        assertThat(merged).containsExactlyInAnyOrderElementsOf(big.domains());
        // the same domains land in the same shards on the next write
        assertThat(InventoryCodec.encode(big, 2 * 1024)).hasSameSizeAs(payloads);
        assertThat(InventoryCodec.path(HOST, 0)).isEqualTo("/inventory/" + HOST);
        assertThat(InventoryCodec.path(HOST, 2)).isEqualTo("/inventory/" + HOST + "-2");
    }

    private static InventoryRecord record(int domains) {
        return new InventoryRecord(HOST.toString(), "a", 7, IntStream.range(0, domains)
                .mapToObj(i -> new InventoryRecord.Entry("test:///default", "guest-" + i,
                        new UUID(42, i).toString(), i % 8, i % 2 == 0, i % 3 == 0))
                .toList());
    }
}
