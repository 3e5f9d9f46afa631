package io.virtkit.hyperv.internal.wsman;

import java.time.Duration;

/**
 * Sends a request and checks its answer: HTTP 401 is an authentication failure; a SOAP fault (HTTP 500 as a rule,
 * read at any status) a {@link WsmanFault}; any other status than 200 a protocol error; and an answer must relate
 * to the request's MessageID and carry the action that answers it. Gives the answer's body element.
 */
final class WsmanTransport {

    private final WsmanHttp http;
    private final EnvelopeWriter envelopes;

    WsmanTransport(WsmanEndpoint endpoint) {
        this(new WsmanHttp(endpoint), endpoint.url().toString(), endpoint.callTimeout());
    }

    private WsmanTransport(WsmanHttp http, String to, Duration operationTimeout) {
        this.http = http;
        this.envelopes = new EnvelopeWriter(to, operationTimeout);
    }

    XmlElement call(WsmanRequest request) {
        WsmanHttp.HttpAnswer answer = http.post(request.operation(), envelopes.write(request));
        if (answer.status() == 401) {
            throw new WsmanAuthenticationException("authentication failed for user '" + http.user() + "' at "
                    + http.where() + " (HTTP 401 to " + request.operation() + ")");
        }
        if (answer.status() != 200 && answer.body().length == 0) {
            throw new WsmanProtocolException("HTTP response code " + answer.status() + " from " + http.where()
                    + " to " + request.operation());
        }
        AnswerReader.Answer envelope;
        try {
            envelope = AnswerReader.read(answer.body());
        } catch (WsmanProtocolException e) {
            throw new WsmanProtocolException((answer.status() == 200 ? "" : "HTTP response code " + answer.status()
                    + ", ") + "malformed answer from " + http.where() + " to " + request.operation() + ": "
                    + e.getMessage(), e);
        }
        if (envelope.isFault()) {
            throw FaultReader.fault(request.operation(), answer.status(), envelope.body());
        }
        if (answer.status() != 200) {
            throw new WsmanProtocolException("HTTP response code " + answer.status() + " from " + http.where()
                    + " to " + request.operation());
        }
        if (!request.messageId().equals(envelope.relatesTo())) {
            throw new WsmanProtocolException("the answer from " + http.where() + " to " + request.operation()
                    + " relates to " + envelope.relatesTo() + ", not to the request " + request.messageId());
        }
        if (!request.responseAction().equals(envelope.action())) {
            throw new WsmanProtocolException("the answer from " + http.where() + " to " + request.operation()
                    + " is the action " + envelope.action() + ", not " + request.responseAction());
        }
        return envelope.body();
    }

    long requests() {
        return http.requests();
    }
}
