package io.virtkit.hyperv.internal.wsman;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A WQL query as WS-Enumeration runs it: an optimized Enumerate (its answer already carries the first items),
 * then Pulls with the context each answer gives until one says EndOfSequence. Every item of every answer is
 * kept; an answer without items is allowed (the service may answer before it has any), a run of them is not.
 * An enumeration given up on an unusable answer is released, so the service does not keep it until it expires.
 */
final class Enumeration {

    /** Items asked for per answer: the service may give fewer (its own page size, the envelope size). */
    static final int MAX_ELEMENTS = 100;
    /** Answers in a row without items and without the end before the service is deemed stuck. */
    private static final int MAX_EMPTY_ANSWERS = 100;

    private final WsmanTransport transport;

    Enumeration(WsmanTransport transport) {
        this.transport = transport;
    }

    List<CimInstance> query(String namespace, Wql wql) {
        String resourceUri = WsmanUris.enumerationUri(namespace);
        XmlElement answer = transport.call(new WsmanRequest("Enumerate " + namespace + " (" + wql + ")",
                WsmanUris.ENUMERATE, resourceUri, Map.of(), xml -> {
                    xml.writeStartElement("n", "Enumerate", WsmanUris.ENUMERATION);
                    xml.writeEmptyElement("w", "OptimizeEnumeration", WsmanUris.WSMAN);
                    element(xml, "w", WsmanUris.WSMAN, "MaxElements", Integer.toString(MAX_ELEMENTS));
                    xml.writeStartElement("w", "Filter", WsmanUris.WSMAN);
                    xml.writeAttribute("Dialect", WsmanUris.WQL_DIALECT);
                    xml.writeCharacters(wql.toString());
                    xml.writeEndElement();
                    xml.writeEndElement();
                }));
        expect(answer, "EnumerateResponse", namespace);
        List<CimInstance> instances = new ArrayList<>();
        String context = answer.childText(WsmanUris.ENUMERATION, "EnumerationContext");
        boolean end = endOfSequence(answer);
        try {
            readItems(answer, instances);
            int emptyAnswers = 0;
            while (!end) {
                if (context == null || context.isEmpty()) {
                    throw new WsmanProtocolException("the enumeration of " + namespace + " (" + wql
                            + ") has no context to pull with and did not end");
                }
                String pulling = context;
                answer = transport.call(new WsmanRequest("Pull " + namespace + " (" + wql + ")", WsmanUris.PULL,
                        resourceUri, Map.of(), xml -> {
                            xml.writeStartElement("n", "Pull", WsmanUris.ENUMERATION);
                            element(xml, "n", WsmanUris.ENUMERATION, "EnumerationContext", pulling);
                            element(xml, "n", WsmanUris.ENUMERATION, "MaxElements", Integer.toString(MAX_ELEMENTS));
                            xml.writeEndElement();
                        }));
                expect(answer, "PullResponse", namespace);
                String next = answer.childText(WsmanUris.ENUMERATION, "EnumerationContext");
                context = next != null ? next : context;
                end = endOfSequence(answer);
                int before = instances.size();
                readItems(answer, instances);
                emptyAnswers = instances.size() == before ? emptyAnswers + 1 : 0;
                if (!end && emptyAnswers >= MAX_EMPTY_ANSWERS) {
                    throw new WsmanProtocolException("the enumeration of " + namespace + " (" + wql + ") gave "
                            + emptyAnswers + " answers in a row without items and without its end");
                }
            }
        } catch (WsmanProtocolException e) {
            // an answer we could not use: the service still holds the context until it expires, let it go now
            release(namespace, resourceUri, end ? null : context);
            throw e;
        }
        return instances;
    }

    /** Adds the items of an answer. */
    private static void readItems(XmlElement answer, List<CimInstance> instances) {
        Optional<XmlElement> items = answer.childNamed("Items"); // w:Items when optimized, n:Items in a Pull
        items.ifPresent(list -> list.children().forEach(item -> instances.add(InstanceReader.instance(item))));
    }

    /** Releases an enumeration given up before its end; a failure to do so changes nothing for the caller. */
    private void release(String namespace, String resourceUri, String context) {
        if (context == null || context.isEmpty()) {
            return;
        }
        try {
            transport.call(new WsmanRequest("Release " + namespace, WsmanUris.RELEASE, resourceUri, Map.of(),
                    xml -> {
                        xml.writeStartElement("n", "Release", WsmanUris.ENUMERATION);
                        element(xml, "n", WsmanUris.ENUMERATION, "EnumerationContext", context);
                        xml.writeEndElement();
                    }));
        } catch (WsmanException e) {
            // the context expires on the service's side anyway
        }
    }

    private static boolean endOfSequence(XmlElement answer) {
        return answer.childNamed("EndOfSequence").isPresent(); // w: when optimized, n: in a Pull
    }

    private static void expect(XmlElement answer, String name, String namespace) {
        if (!answer.is(WsmanUris.ENUMERATION, name)) {
            throw new WsmanProtocolException("the enumeration of " + namespace + " was answered with "
                    + answer.qualifiedName() + ", not n:" + name);
        }
    }

    private static void element(javax.xml.stream.XMLStreamWriter xml, String prefix, String namespace, String name,
            String text) throws javax.xml.stream.XMLStreamException {
        xml.writeStartElement(prefix, name, namespace);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }
}
