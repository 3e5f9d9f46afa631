package io.virtkit.remote.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The glue's side of a stream as the stream tests play it: sinks and sources that record what they were asked. */
final class RecordingStreams {
    private RecordingStreams() {
    }

    /** What both ends record: the calls, in order, and the finish and abort that end them. */
    abstract static class Recorder {
        final List<String> calls = new CopyOnWriteArrayList<>();

        public void finish() {
            calls.add("finish");
        }

        public void abort() {
            calls.add("abort");
        }

        void awaitCalls(int count) throws InterruptedException {
            await(() -> calls.size() >= count);
        }
    }

    /** Records "data LENGTH", "hole LENGTH", "finish", "abort"; tests override to block or fail. */
    static class Sink extends Recorder implements StreamSink {

        @Override
        public void data(byte[] bytes) {
            calls.add("data " + bytes.length);
        }

        @Override
        public void hole(long length, int flags) {
            calls.add("hole " + length);
        }
    }

    /** Serves its chunks in order, then the end; records "next", "finish", "abort". */
    static class Source extends Recorder implements StreamSource {
        private final List<Chunk> chunks;
        private int next;

        Source(List<Chunk> chunks) {
            this.chunks = chunks;
        }

        /** {@code content} in packets, then (when {@code hole} > 0) a hole of that length and {@code content} again. */
        static Source of(byte[] content, int hole) {
            List<Chunk> chunks = new ArrayList<>(split(content));
            if (hole > 0) {
                chunks.add(Chunk.hole(hole));
                chunks.addAll(split(content));
            }
            return new Source(chunks);
        }

        private static List<Chunk> split(byte[] content) {
            List<Chunk> chunks = new ArrayList<>();
            for (int at = 0; at < content.length; at += StreamPacket.DATA_MAX) {
                chunks.add(Chunk.data(Arrays.copyOfRange(content, at, Math.min(content.length, at + StreamPacket.DATA_MAX))));
            }
            return chunks;
        }

        @Override
        public Chunk next(int max) {
            calls.add("next");
            assertThat(max).isEqualTo(StreamPacket.DATA_MAX);
            return next < chunks.size() ? chunks.get(next++) : Chunk.END;
        }
    }

    /** Waits up to ten seconds for {@code condition}, and fails when it is not reached. */
    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as("condition reached in time").isTrue();
    }
}
