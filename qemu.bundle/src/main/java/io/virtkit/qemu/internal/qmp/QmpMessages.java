package io.virtkit.qemu.internal.qmp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * QMP's wire format, shared by both monitor connections ({@link QmpClient}, {@link QmpFdChannel}): building a
 * command, encoding it as one line, parsing one line QEMU sent, telling what kind of message it is and turning
 * a reply into its "return" value or a {@link QmpCommandException}. Errors are worded as libvirt's monitor
 * words them.
 */
final class QmpMessages {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ABBREVIATE_AT = 200;

    private QmpMessages() {
    }

    /** What a message QEMU sent is, by the member that marks it. */
    enum Kind {
        GREETING, EVENT, REPLY, UNKNOWN;

        static Kind of(JsonNode message) {
            if (message.has("QMP")) {
                return GREETING;
            }
            if (message.has("event")) {
                return EVENT;
            }
            if (message.has("return") || message.has("error")) {
                return REPLY;
            }
            return UNKNOWN;
        }
    }

    /**
     * {@code {"execute": command, "arguments": {...}}}, without "arguments" when there are none.
     *
     * @throws VirtException INVALID_ARG when an argument has no JSON form
     */
    static ObjectNode command(String command, Map<String, ?> arguments) {
        ObjectNode request = MAPPER.createObjectNode();
        request.put("execute", command);
        if (arguments != null && !arguments.isEmpty()) {
            JsonNode args;
            try {
                args = MAPPER.valueToTree(arguments);
            } catch (IllegalArgumentException e) {
                throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                        "cannot convert arguments of QEMU command '" + command + "' to JSON: " + e.getMessage());
            }
            request.set("arguments", args);
        }
        return request;
    }

    /** {@code request} as the bytes of one QMP line (CRLF-terminated, as QEMU's own client sends). */
    static byte[] encodeLine(ObjectNode request) {
        try {
            return (MAPPER.writeValueAsString(request) + "\r\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU, e.getOriginalMessage());
        }
    }

    /** {@code message} as JSON text (a reply handed back whole, virsh qemu-monitor-command). */
    static String toText(JsonNode message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.QEMU, e.getOriginalMessage());
        }
    }

    /**
     * A caller's raw command text as a request object.
     *
     * @throws VirtException INVALID_ARG when it is not a JSON object with a string "execute"
     */
    static ObjectNode parseRawCommand(String json) {
        JsonNode parsed;
        try {
            parsed = MAPPER.readTree(json == null ? "" : json);
        } catch (JsonProcessingException e) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "cannot parse json " + json + ": " + firstLine(e.getOriginalMessage()));
        }
        if (parsed == null || !parsed.isObject() || !parsed.path("execute").isTextual()) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.QEMU,
                    "QMP command must be a JSON object with a string 'execute' member: " + json);
        }
        return (ObjectNode) parsed;
    }

    /**
     * One line QEMU sent (without its line end) as a JSON object.
     *
     * @throws ProtocolError when it is not JSON or not an object: the peer broke the protocol
     */
    static JsonNode parseLine(byte[] line, int offset, int length) throws ProtocolError {
        JsonNode msg;
        try {
            msg = MAPPER.readTree(line, offset, length);
        } catch (IOException e) {
            throw new ProtocolError("cannot parse json "
                    + abbreviate(new String(line, offset, length, StandardCharsets.UTF_8)) + ": "
                    + firstLine(e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage()));
        }
        if (msg == null || !msg.isObject()) {
            throw unknown(msg);
        }
        return msg;
    }

    /** The protocol error for a message of a shape QMP does not have. */
    static ProtocolError unknown(JsonNode message) {
        return new ProtocolError("Unknown JSON reply '" + abbreviate(String.valueOf(message)) + "'");
    }

    /** An event message as a {@link QmpEvent} (timestamp in microseconds, data an empty object when absent). */
    static QmpEvent event(JsonNode message) {
        JsonNode ts = message.path("timestamp");
        long micros = ts.path("seconds").asLong() * 1_000_000 + ts.path("microseconds").asLong();
        JsonNode data = message.get("data");
        return new QmpEvent(message.path("event").asText(), data != null ? data : MAPPER.createObjectNode(), micros);
    }

    /** QEMU's version from the greeting, e.g. 7002022 for 7.2.22 (libvirt's encoding). */
    static long qemuVersion(JsonNode greeting) {
        JsonNode v = greeting.path("QMP").path("version").path("qemu");
        return v.path("major").asLong() * 1_000_000 + v.path("minor").asLong() * 1_000 + v.path("micro").asLong();
    }

    /**
     * The "return" value of {@code reply} to {@code command} (an empty object when QEMU sent none).
     *
     * @throws QmpCommandException when the reply is a QMP error
     */
    static JsonNode result(String command, JsonNode reply) {
        JsonNode error = reply.get("error");
        if (error != null) {
            throw new QmpCommandException(command, error.path("class").asText("GenericError"),
                    error.path("desc").asText("unknown error"));
        }
        JsonNode ret = reply.get("return");
        return ret != null ? ret : MAPPER.createObjectNode();
    }

    /** {@code s} cut to a length fit for an error message. */
    static String abbreviate(String s) {
        return s.length() <= ABBREVIATE_AT ? s : s.substring(0, ABBREVIATE_AT) + "…";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** QEMU sent something QMP does not allow; the connection cannot be trusted any more. */
    static final class ProtocolError extends Exception {
        private static final long serialVersionUID = 1L;

        ProtocolError(String detail) {
            super(detail, null, false, false);
        }
    }
}
