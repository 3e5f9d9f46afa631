package io.virtkit.qemu.internal.qmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.virtkit.api.VirtException;

/** QMP's wire format as both monitor connections build and read it. */
class QmpMessagesTest {

    private static JsonNode parse(String s) throws QmpMessages.ProtocolError {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        return QmpMessages.parseLine(b, 0, b.length);
    }

    @Test
    void buildsACommandLineWithArgumentsOnlyWhenGiven() {
        assertThat(new String(QmpMessages.encodeLine(QmpMessages.command("stop", null)), StandardCharsets.UTF_8))
                .isEqualTo("{\"execute\":\"stop\"}\r\n");
        assertThat(QmpMessages.command("stop", Map.of()).has("arguments")).isFalse();
        assertThat(QmpMessages.command("getfd", Map.of("fdname", "tap0")).path("arguments").path("fdname").asText())
                .isEqualTo("tap0");
        assertThatThrownBy(() -> QmpMessages.command("x", Map.of("a", new Object())))
                .isInstanceOf(VirtException.class)
                .hasMessageStartingWith("invalid argument: cannot convert arguments of QEMU command 'x' to JSON");
    }

    @Test
    void tellsMessagesApartAndRefusesWhatIsNoObject() throws Exception {
        assertThat(QmpMessages.Kind.of(parse("{\"QMP\":{}}"))).isEqualTo(QmpMessages.Kind.GREETING);
        assertThat(QmpMessages.Kind.of(parse("{\"event\":\"STOP\"}"))).isEqualTo(QmpMessages.Kind.EVENT);
        assertThat(QmpMessages.Kind.of(parse("{\"return\":{}}"))).isEqualTo(QmpMessages.Kind.REPLY);
        assertThat(QmpMessages.Kind.of(parse("{\"error\":{}}"))).isEqualTo(QmpMessages.Kind.REPLY);
        assertThat(QmpMessages.Kind.of(parse("{\"what\":1}"))).isEqualTo(QmpMessages.Kind.UNKNOWN);
        assertThatThrownBy(() -> parse("[1,2,3]")).hasMessage("Unknown JSON reply '[1,2,3]'");
        assertThatThrownBy(() -> parse("{not json")).hasMessageStartingWith("cannot parse json {not json: ");
    }

    @Test
    void aReplyIsItsReturnOrItsError() throws Exception {
        assertThat(QmpMessages.result("x", parse("{\"return\":{\"a\":1}}")).path("a").asInt()).isEqualTo(1);
        assertThat(QmpMessages.result("x", parse("{\"return\":null}")).isNull()).isTrue();
        assertThat(QmpMessages.result("x", parse("{\"id\":\"1\"}")).isEmpty()).isTrue();
        assertThatThrownBy(() -> QmpMessages.result("cont",
                parse("{\"error\":{\"class\":\"GenericError\",\"desc\":\"no\"}}")))
                .isInstanceOf(QmpCommandException.class)
                .hasMessage("internal error: unable to execute QEMU command 'cont': no");
    }

    @Test
    void readsEventsAndTheGreeting() throws Exception {
        QmpEvent e = QmpMessages.event(parse(
                "{\"event\":\"STOP\",\"timestamp\":{\"seconds\":2,\"microseconds\":5}}"));
        assertThat(e.name()).isEqualTo("STOP");
        assertThat(e.data().isObject()).isTrue();
        assertThat(e.timestampMicros()).isEqualTo(2_000_005L);
        assertThat(QmpMessages.qemuVersion(parse("{\"QMP\":{\"version\":{\"qemu\":"
                + "{\"major\":7,\"minor\":2,\"micro\":22}}}}"))).isEqualTo(7_002_022L);
    }
}
