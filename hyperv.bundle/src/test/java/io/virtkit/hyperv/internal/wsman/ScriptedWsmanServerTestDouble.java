package io.virtkit.hyperv.internal.wsman;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test double of a WS-Man service for the client's unit tests (not the stand-in Hyper-V endpoint): it replays
 * hand-written answers in order, one per request, putting the request's MessageID where an answer says
 * {@code $RELATES_TO}, and records what it was sent. Loopback only, a free port.
 */
final class ScriptedWsmanServerTestDouble implements AutoCloseable {

    /** A request as received: its body and its Authorization header. */
    record Received(String body, String authorization, String contentType) {
    }

    private record Scripted(int status, String body) {
    }

    private static final Pattern MESSAGE_ID = Pattern.compile("<a:MessageID>([^<]*)</a:MessageID>");

    private final HttpServer server;
    private final Deque<Scripted> answers = new ArrayDeque<>();
    private final List<Received> received = new ArrayList<>();

    ScriptedWsmanServerTestDouble() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/wsman", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/wsman");
    }

    /** Queues an answer: its HTTP status and envelope (empty: no body). */
    synchronized ScriptedWsmanServerTestDouble then(int status, String envelope) {
        answers.add(new Scripted(status, envelope));
        return this;
    }

    synchronized ScriptedWsmanServerTestDouble then(String envelope) {
        return then(200, envelope);
    }

    synchronized List<Received> received() {
        return List.copyOf(received);
    }

    synchronized int unanswered() {
        return answers.size();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Scripted next;
        synchronized (this) {
            received.add(new Received(body, exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type")));
            next = answers.poll();
        }
        if (next == null) {
            next = new Scripted(500, "");
        }
        Matcher id = MESSAGE_ID.matcher(body);
        byte[] bytes = next.body().replace("$RELATES_TO", id.find() ? id.group(1) : "none")
                .getBytes(StandardCharsets.UTF_8);
        if (next.status() == 401) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Negotiate");
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"WSMAN\"");
        }
        if (bytes.length > 0) {
            exchange.getResponseHeaders().set("Content-Type", "application/soap+xml;charset=UTF-8");
        }
        exchange.sendResponseHeaders(next.status(), bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
