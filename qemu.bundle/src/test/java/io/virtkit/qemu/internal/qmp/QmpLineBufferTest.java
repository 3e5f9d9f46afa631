package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Cutting what a QMP socket delivers, in whatever pieces, into lines. */
class QmpLineBufferTest {

    private final QmpLineBuffer buffer = new QmpLineBuffer(16);

    private void append(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        buffer.append(b, 0, b.length);
    }

    private List<String> lines() throws Exception {
        List<String> out = new ArrayList<>();
        for (QmpLineBuffer.Line l = buffer.nextLine(); l != null; l = buffer.nextLine()) {
            out.add(new String(l.bytes(), l.offset(), l.length(), StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void givesCompleteLinesWithoutTheirEndsAndSkipsEmptyOnes() throws Exception {
        append("{\"a\":1}\r\n\r\n\n{\"b\":2}\n{\"c\"");
        assertThat(lines()).containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(buffer.buffered()).isEqualTo(4);
        append(":3}\r\n");
        assertThat(lines()).containsExactly("{\"c\":3}");
        assertThat(buffer.buffered()).isZero();
    }

    @Test
    void aLineArrivingByteByByteIsWholeOnlyAtItsEnd() throws Exception {
        String line = "{\"return\":{}}";
        for (char c : line.toCharArray()) {
            append(String.valueOf(c));
            assertThat(lines()).isEmpty();
        }
        append("\r\n");
        assertThat(lines()).containsExactly(line);
    }

    @Test
    void keepsEveryByteAcrossGrowingAndCompacting() throws Exception {
        QmpLineBuffer big = new QmpLineBuffer(10_000);
        StringBuilder all = new StringBuilder();
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String line = "x".repeat(i * 7 % 3000) + i;
            sent.add(line);
            all.append(line).append('\n');
        }
        byte[] bytes = all.toString().getBytes(StandardCharsets.US_ASCII);
        List<String> got = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += 777) {
            big.append(bytes, off, Math.min(777, bytes.length - off));
            for (QmpLineBuffer.Line l = big.nextLine(); l != null; l = big.nextLine()) {
                got.add(new String(l.bytes(), l.offset(), l.length(), StandardCharsets.US_ASCII));
            }
        }
        assertThat(got).isEqualTo(sent);
    }

    @Test
    void aLineAtTheLimitPassesOneByteMoreFails() throws Exception {
        append("0123456789abcdef\n");
        assertThat(lines()).containsExactly("0123456789abcdef");
        append("0123456789abcdefX\n");
        assertThatThrownBy(buffer::nextLine).isInstanceOf(QmpLineBuffer.LineTooLong.class)
                .hasMessage("QEMU monitor sent a line longer than 16 bytes");
    }

    @Test
    void anUnendedLineOverTheLimitFailsBeforeItsEndArrives() throws Exception {
        append("0123456789");
        assertThat(lines()).isEmpty();
        append("abcdefXYZ");
        assertThatThrownBy(buffer::nextLine).isInstanceOf(QmpLineBuffer.LineTooLong.class);
    }

    @Test
    void linesBeforeAnOverlongOneAreStillGiven() throws Exception {
        append("{}\n0123456789abcdefXYZ");
        assertThat(buffer.nextLine().length()).isEqualTo(2);
        assertThatThrownBy(buffer::nextLine).isInstanceOf(QmpLineBuffer.LineTooLong.class);
    }
}
