package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.BeforeAll;


import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Coverage-guided fuzzing of the QMP reply and event parser (issue 18): the bytes a QEMU monitor sends, delivered in
 * reads of the size the input chooses, cut into lines by {@link QmpLineBuffer} and each line handled as
 * {@link QmpClient} handles it ({@link QmpMessages#parseLine}, the kind of message, then the greeting's version, the
 * event, or the reply's result). The only failures allowed are the protocol errors that end a monitor connection
 * ({@link QmpLineBuffer.LineTooLong}, {@link QmpMessages.ProtocolError}) and a reply's QMP error
 * ({@link QmpCommandException}); after a protocol error nothing more is read, as the client tears the connection down.
 *
 * <p>Without {@code JAZZER_FUZZ} the committed corpus ({@code QmpMessageFuzzTestInputs/parsesMonitorOutput/}: a
 * greeting, replies and events as QEMU 7.2 sends them) runs as a regression test; {@code bench/fuzz/run} fuzzes
 * (bench/README.md). Each input must finish within a second ({@link FuzzHangBound}).
 */
class QmpMessageFuzzTest {
    /** The smallest limit {@link QmpClient} accepts, so that the fuzzer reaches the over-long line too. */
    private static final int MAX_LINE = 1024;

    /** Jackson's classes loaded before the first input, whose second is bounded. */
    @BeforeAll
    static void warmUp() {
        parse("\n{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7}}}}\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest
    void parsesMonitorOutput(byte[] input) throws Throwable {
        FuzzHangBound.run(() -> parse(input));
    }

    private static void parse(byte[] input) {
        if (input.length < 1) {
            return;
        }
        int readSize = (input[0] & 0xFF) + 1;
        byte[] sent = Arrays.copyOfRange(input, 1, input.length);
        QmpLineBuffer lines = new QmpLineBuffer(MAX_LINE);
        try {
            for (int offset = 0; offset < sent.length; offset += readSize) {
                int n = Math.min(readSize, sent.length - offset);
                lines.append(sent, offset, n);
                for (QmpLineBuffer.Line line = lines.nextLine(); line != null; line = lines.nextLine()) {
                    assertThat(line.length()).as("a line is never empty and never over the limit")
                            .isBetween(1, MAX_LINE);
                    for (int i = line.offset(); i < line.offset() + line.length(); i++) {
                        assertThat(line.bytes()[i]).as("a line holds no line end").isNotEqualTo((byte) '\n');
                    }
                    handle(QmpMessages.parseLine(line.bytes(), line.offset(), line.length()));
                }
                assertThat(lines.buffered()).as("what waits for its line end stays within the limit")
                        .isLessThanOrEqualTo(MAX_LINE);
            }
        } catch (QmpLineBuffer.LineTooLong | QmpMessages.ProtocolError endsTheConnection) {
            assertThat(endsTheConnection.getMessage()).isNotBlank();
        }
    }

    /** What {@link QmpClient} does with each message, minus the waiting callers. */
    private static void handle(JsonNode message) throws QmpMessages.ProtocolError {
        assertThat(message.isObject()).isTrue();
        switch (QmpMessages.Kind.of(message)) {
            case GREETING -> assertThat(QmpMessages.qemuVersion(message)).isNotNull();
            case EVENT -> {
                QmpEvent event = QmpMessages.event(message);
                assertThat(event.name()).isNotNull();
                assertThat(event.data()).isNotNull();
            }
            case REPLY -> {
                JsonNode id = message.get("id");
                assertThat(id == null ? "" : id.asText()).isNotNull();
                try {
                    assertThat(QmpMessages.result("fuzzed-command", message)).isNotNull();
                } catch (QmpCommandException error) {
                    assertThat(error.errorClass()).isNotNull();
                    assertThat(error.description()).isNotNull();
                    assertThat(error.getMessage()).isNotBlank();
                }
            }
            case UNKNOWN -> throw QmpMessages.unknown(message);
        }
    }
}
