package io.virtkit.hyperv.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The stand-in's own tests' WS-Man client: hand-written envelopes over the JDK's HttpClient, answers as DOM. Kept
 * apart from the driver's client on purpose, so the stand-in's rules are checked without it.
 */
final class RawWsmanClient {

    static final String V2 = CimSchema.RESOURCE_URI_PREFIX + CimSchema.VIRTUALIZATION + "/";
    static final String CIMV2 = CimSchema.RESOURCE_URI_PREFIX + CimSchema.CIMV2 + "/";

    /** One HTTP answer: status, Content-Type, body (parsed when there is one). */
    record Answer(int status, String contentType, List<String> authenticate, String body, Document document) {
        boolean isFault() {
            return document != null && !all("Fault").isEmpty();
        }

        /** The fault's subcode value, e.g. {@code w:InvalidSelectors}. */
        String faultSubcode() {
            Element subcode = (Element) document.getElementsByTagNameNS(SoapRequest.SOAP, "Subcode").item(0);
            return subcode.getElementsByTagNameNS(SoapRequest.SOAP, "Value").item(0).getTextContent();
        }

        String faultReason() {
            return document.getElementsByTagNameNS(SoapRequest.SOAP, "Text").item(0).getTextContent();
        }

        /** Every element with that local name, in document order. */
        List<Element> all(String localName) {
            List<Element> out = new ArrayList<>();
            NodeList nodes = document.getElementsByTagNameNS("*", localName);
            for (int i = 0; i < nodes.getLength(); i++) {
                out.add((Element) nodes.item(i));
            }
            return out;
        }

        /** The text of the first element with that local name; null when there is none. */
        String text(String localName) {
            List<Element> found = all(localName);
            return found.isEmpty() ? null : found.get(0).getTextContent();
        }

        List<String> texts(String localName) {
            return all(localName).stream().map(Element::getTextContent).toList();
        }
    }

    private final URI url;
    private final HttpClient http;
    private final String authorization;

    RawWsmanClient(URI url, String user, String password) {
        this(url, user, password, null);
    }

    RawWsmanClient(URI url, String user, String password, SSLContext tls) {
        this.url = url;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Answer post(String envelope) throws IOException {
        return send(HttpRequest.newBuilder(url).header("Authorization", authorization)
                .header("Content-Type", StandInHypervEndpoint.CONTENT_TYPE)
                .POST(HttpRequest.BodyPublishers.ofString(envelope)));
    }

    Answer send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Document document = null;
            if (!response.body().isEmpty()) {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
                        response.body().getBytes(StandardCharsets.UTF_8)));
            }
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(null),
                    response.headers().allValues("WWW-Authenticate"), response.body(), document);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException e) {
            throw new IOException("the answer is not well-formed XML", e);
        }
    }

    Answer enumerate(String resourceUri, String wql) throws IOException {
        return post(envelope(WsmanDispatcher.ENUMERATE, resourceUri, Map.of(),
                "<n:Enumerate>" + filter(wql) + "</n:Enumerate>"));
    }

    /** An Enumerate asking for a mode ({@code EnumerateEPR}, {@code EnumerateObjectAndEPR}), optimized. */
    Answer enumerateMode(String resourceUri, String wql, String mode) throws IOException {
        return post(envelope(WsmanDispatcher.ENUMERATE, resourceUri, Map.of(),
                "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>100</w:MaxElements><w:EnumerationMode>" + mode
                        + "</w:EnumerationMode>" + filter(wql) + "</n:Enumerate>"));
    }

    Answer enumerateOptimized(String resourceUri, String wql, int maxElements) throws IOException {
        return post(envelope(WsmanDispatcher.ENUMERATE, resourceUri, Map.of(),
                "<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>" + maxElements + "</w:MaxElements>"
                        + filter(wql) + "</n:Enumerate>"));
    }

    /** A WQL filter element, none for null. */
    static String filter(String wql) {
        return wql == null ? "" : "<w:Filter Dialect=\"" + WsmanDispatcher.WQL_DIALECT + "\">" + escape(wql)
                + "</w:Filter>";
    }

    Answer pull(String resourceUri, String context, int maxElements) throws IOException {
        return post(envelope(WsmanDispatcher.PULL, resourceUri, Map.of(),
                "<n:Pull><n:EnumerationContext>" + context + "</n:EnumerationContext><n:MaxElements>" + maxElements
                        + "</n:MaxElements></n:Pull>"));
    }

    /** Enumerate and Pull until the end: every item element of every answer, and how many Pulls it took. */
    record Enumeration(List<Element> items, int pulls) {
        List<String> texts(String localName) {
            List<String> out = new ArrayList<>();
            for (Element item : items) {
                NodeList nodes = item.getElementsByTagNameNS("*", localName);
                for (int i = 0; i < nodes.getLength(); i++) {
                    out.add(nodes.item(i).getTextContent());
                }
            }
            return out;
        }
    }

    Enumeration query(String resourceUri, String wql) throws IOException {
        Answer answer = enumerate(resourceUri, wql);
        if (answer.isFault()) {
            throw new IllegalStateException(answer.faultSubcode() + ": " + answer.faultReason());
        }
        String context = answer.text("EnumerationContext");
        List<Element> items = new ArrayList<>();
        int pulls = 0;
        while (context != null && !context.isEmpty()) {
            Answer pulled = pull(resourceUri, context, 1000);
            pulls++;
            if (pulled.isFault()) {
                throw new IllegalStateException(pulled.faultSubcode() + ": " + pulled.faultReason());
            }
            Element itemsElement = pulled.all("Items").get(0);
            items.addAll(SoapRequest.children(itemsElement));
            context = pulled.all("EndOfSequence").isEmpty() ? pulled.text("EnumerationContext") : null;
        }
        return new Enumeration(items, pulls);
    }

    Answer get(String resourceUri, Map<String, String> selectors) throws IOException {
        return post(envelope(WsmanDispatcher.GET, resourceUri, selectors, ""));
    }

    /** Invokes a method; the input is the inner XML of {@code p:METHOD_INPUT} (its elements in prefix p). */
    Answer invoke(String resourceUri, Map<String, String> selectors, String method, String input)
            throws IOException {
        return post(envelope(resourceUri + "/" + method, resourceUri, selectors,
                "<p:" + method + "_INPUT xmlns:p=\"" + resourceUri + "\">" + input + "</p:" + method + "_INPUT>"));
    }

    static String envelope(String action, String resourceUri, Map<String, String> selectors, String body) {
        StringBuilder selectorSet = new StringBuilder();
        if (!selectors.isEmpty()) {
            selectorSet.append("<w:SelectorSet>");
            selectors.forEach((name, value) -> selectorSet.append("<w:Selector Name=\"").append(name).append("\">")
                    .append(escape(value)).append("</w:Selector>"));
            selectorSet.append("</w:SelectorSet>");
        }
        return "<s:Envelope xmlns:s=\"" + SoapRequest.SOAP + "\" xmlns:a=\"" + SoapRequest.ADDRESSING
                + "\" xmlns:w=\"" + SoapRequest.WSMAN + "\" xmlns:n=\"" + SoapRequest.ENUMERATION + "\">"
                + "<s:Header><a:To>http://127.0.0.1/wsman</a:To>"
                + "<w:ResourceURI s:mustUnderstand=\"true\">" + resourceUri + "</w:ResourceURI>"
                + "<a:ReplyTo><a:Address s:mustUnderstand=\"true\">" + SoapAnswerWriter.ANONYMOUS
                + "</a:Address></a:ReplyTo>"
                + "<a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<w:MaxEnvelopeSize s:mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + "<a:MessageID>uuid:" + UUID.randomUUID() + "</a:MessageID>"
                + "<w:OperationTimeout>PT60.000S</w:OperationTimeout>" + selectorSet
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    /** An EPR parameter's children for a reference. */
    static String endpointReference(String resourceUri, Map<String, String> selectors) {
        StringBuilder out = new StringBuilder("<a:Address>" + SoapAnswerWriter.ANONYMOUS + "</a:Address>"
                + "<a:ReferenceParameters><w:ResourceURI>" + resourceUri + "</w:ResourceURI><w:SelectorSet>");
        selectors.forEach((name, value) -> out.append("<w:Selector Name=\"").append(name).append("\">")
                .append(escape(value)).append("</w:Selector>"));
        return out.append("</w:SelectorSet></a:ReferenceParameters>").toString();
    }

    /**
     * A CIM-XML INSTANCE as the escaped text of a parameter: a String value is a PROPERTY, a List a PROPERTY.ARRAY,
     * null a PROPERTY without VALUE.
     */
    static String embeddedInstance(String className, Map<String, ?> properties) {
        StringBuilder cimXml = new StringBuilder("<INSTANCE CLASSNAME=\"" + className + "\">");
        properties.forEach((name, value) -> {
            if (value instanceof List<?> list) {
                cimXml.append("<PROPERTY.ARRAY NAME=\"").append(name).append("\" TYPE=\"string\"><VALUE.ARRAY>");
                list.forEach(v -> cimXml.append("<VALUE>").append(escape(String.valueOf(v))).append("</VALUE>"));
                cimXml.append("</VALUE.ARRAY></PROPERTY.ARRAY>");
                return;
            }
            cimXml.append("<PROPERTY NAME=\"").append(name).append("\" TYPE=\"string\">");
            if (value != null) {
                cimXml.append("<VALUE>").append(escape(String.valueOf(value))).append("</VALUE>");
            }
            cimXml.append("</PROPERTY>");
        });
        return escape(cimXml.append("</INSTANCE>").toString());
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
