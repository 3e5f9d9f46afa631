package io.virtkit.test.internal;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;

/**
 * The bytes of one test-driver volume, kept sparse in memory: fixed-size blocks that were written, and holes
 * (zeros) everywhere else, so that a 1 GiB volume costs nothing until written. Thread-safe: uploads and
 * downloads run on their callers' threads, outside the storage table's lock.
 */
final class VolumeContent {

    /** Small enough that a hole of this size in the middle of data stays a hole. */
    static final int BLOCK = 4096;

    private final TreeMap<Long, byte[]> blocks = new TreeMap<>(); // guarded by this
    private final long capacity;

    VolumeContent(long capacity) {
        this.capacity = capacity;
    }

    long capacity() {
        return capacity;
    }

    /** A copy with the same bytes and holes (a clone), of {@code capacity} bytes. */
    synchronized VolumeContent copy(long newCapacity) {
        VolumeContent c = new VolumeContent(newCapacity);
        for (Map.Entry<Long, byte[]> e : blocks.entrySet()) {
            if (e.getKey() * BLOCK < newCapacity) {
                c.blocks.put(e.getKey(), e.getValue().clone());
            }
        }
        return c;
    }

    /** Stores {@code data}'s remaining bytes at {@code offset}. */
    synchronized void write(long offset, ByteBuffer data) {
        long at = offset;
        while (data.hasRemaining()) {
            byte[] block = blocks.computeIfAbsent(at / BLOCK, b -> new byte[BLOCK]);
            int in = (int) (at % BLOCK);
            int n = Math.min(BLOCK - in, data.remaining());
            data.get(block, in, n);
            at += n;
        }
    }

    /** Makes {@code length} bytes from {@code offset} zeros, dropping the blocks they cover whole. */
    synchronized void punch(long offset, long length) {
        long at = offset;
        long end = offset + length;
        while (at < end) {
            long index = at / BLOCK;
            int in = (int) (at % BLOCK);
            int n = (int) Math.min(BLOCK - in, end - at);
            if (n == BLOCK) {
                blocks.remove(index);
            } else {
                byte[] block = blocks.get(index);
                if (block != null) {
                    java.util.Arrays.fill(block, in, in + n, (byte) 0);
                }
            }
            at += n;
        }
    }

    /** Whether {@code offset} lies in a hole. */
    synchronized boolean isHole(long offset) {
        return !blocks.containsKey(offset / BLOCK);
    }

    /** Where the data or hole run starting at {@code offset} ends (at most {@code limit}). */
    synchronized long runEnd(long offset, long limit) {
        boolean hole = isHole(offset);
        long index = offset / BLOCK + 1;
        while (index * BLOCK < limit && blocks.containsKey(index) != hole) {
            index++;
        }
        return Math.min(index * BLOCK, limit);
    }

    /** Copies bytes from {@code offset} into {@code into}, up to {@code limit}; holes read as zeros. */
    synchronized int read(long offset, ByteBuffer into, long limit) {
        int n = (int) Math.min(into.remaining(), limit - offset);
        long at = offset;
        for (int left = n; left > 0;) {
            int in = (int) (at % BLOCK);
            int chunk = Math.min(BLOCK - in, left);
            byte[] block = blocks.get(at / BLOCK);
            if (block == null) {
                into.put(new byte[chunk]);
            } else {
                into.put(block, in, chunk);
            }
            at += chunk;
            left -= chunk;
        }
        return n;
    }
}
