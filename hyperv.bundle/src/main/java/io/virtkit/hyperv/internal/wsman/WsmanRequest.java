package io.virtkit.hyperv.internal.wsman;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * One request: its action, the resource URI it addresses, the selectors of an instance (empty for a class or an
 * enumeration), what its body holds, and its own message id; {@code operation} names it in messages.
 */
record WsmanRequest(String operation, String action, String resourceUri, Map<String, String> selectors, Body body,
        String messageId) {

    /** Writes the elements of the SOAP body (none for a Get). */
    @FunctionalInterface
    interface Body {
        void write(XMLStreamWriter xml) throws XMLStreamException;
    }

    WsmanRequest(String operation, String action, String resourceUri, Map<String, String> selectors, Body body) {
        this(operation, action, resourceUri, Collections.unmodifiableMap(new LinkedHashMap<>(selectors)), body, "uuid:" + UUID.randomUUID());
    }

    /** The action its answer must carry. */
    String responseAction() {
        return action + WsmanUris.RESPONSE;
    }
}
