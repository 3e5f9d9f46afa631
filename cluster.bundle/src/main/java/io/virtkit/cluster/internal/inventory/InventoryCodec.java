package io.virtkit.cluster.internal.inventory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import io.virtkit.cluster.internal.zk.ZkJson;
import io.virtkit.cluster.internal.zk.ZkPaths;
import io.virtkit.cluster.internal.zk.records.InventoryRecord;

/**
 * One host's inventory as znode payloads. Plain JSON while small; gzip'd JSON once larger than
 * {@link #GZIP_ABOVE} (a thousand domains are ~150 KB of JSON, ~15 KB gzip'd); split into shards only when
 * even the gzip'd payload exceeds {@link #SHARD_ABOVE} (ZooKeeper refuses znodes over 1 MiB by default). Shard
 * {@code i} of {@code n} is itself a complete {@link InventoryRecord} holding the domains whose UUID hashes to
 * {@code i}, so a domain stays in the same shard from one write to the next and a reader merges shards by union.
 * Shard 0 is {@code /inventory/<host>}, the others {@code /inventory/<host>-<i>}.
 */
final class InventoryCodec {
    static final int GZIP_ABOVE = 16 * 1024;
    static final int SHARD_ABOVE = 512 * 1024;

    private InventoryCodec() {
    }

    /** The payloads of one record: index = shard number. */
    static List<byte[]> encode(InventoryRecord record) {
        return encode(record, SHARD_ABOVE);
    }

    static List<byte[]> encode(InventoryRecord record, int shardAbove) {
        for (int shards = 1; ; shards *= 2) {
            List<byte[]> out = new ArrayList<>(shards);
            boolean fits = true;
            for (int i = 0; i < shards && fits; i++) {
                byte[] payload = payload(shard(record, i, shards));
                fits = payload.length <= shardAbove || record.domains().size() <= shards;
                out.add(payload);
            }
            if (fits) {
                return out;
            }
        }
    }

    static InventoryRecord decode(byte[] data) {
        byte[] json = isGzip(data) ? gunzip(data) : data;
        return ZkJson.read(json, InventoryRecord.class);
    }

    /** The znode of shard {@code index} of a host's record. */
    static String path(UUID host, int index) {
        return index == 0 ? ZkPaths.inventory(host) : ZkPaths.inventory(host) + "-" + index;
    }

    private static InventoryRecord shard(InventoryRecord record, int index, int shards) {
        if (shards == 1) {
            return record;
        }
        List<InventoryRecord.Entry> mine = record.domains().stream()
                .filter(e -> Math.floorMod(e.uuid().hashCode(), shards) == index).toList();
        return new InventoryRecord(record.host(), record.hostname(), record.serial(), mine);
    }

    private static byte[] payload(InventoryRecord record) {
        byte[] json = ZkJson.write(record);
        return json.length > GZIP_ABOVE ? gzip(json) : json;
    }

    private static boolean isGzip(byte[] data) {
        return data.length > 2 && data[0] == (byte) 0x1f && data[1] == (byte) 0x8b;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 8);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] gunzip(byte[] data) {
        try (GZIPInputStream gz = new GZIPInputStream(new ByteArrayInputStream(data))) {
            return gz.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
