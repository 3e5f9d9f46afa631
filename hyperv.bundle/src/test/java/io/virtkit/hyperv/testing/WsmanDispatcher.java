package io.virtkit.hyperv.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;

/**
 * Answers one WS-Man request against the host: WS-Enumeration Enumerate (WQL filter, optimized or not), Pull and
 * Release, WS-Transfer Get, and method invocation (Action = resource URI + "/" + method). Everything else is
 * a:ActionNotSupported. Faults are thrown as {@link WsmanFault}.
 */
final class WsmanDispatcher {

    static final String ENUMERATE = SoapRequest.ENUMERATION + "/Enumerate";
    static final String PULL = SoapRequest.ENUMERATION + "/Pull";
    static final String RELEASE = SoapRequest.ENUMERATION + "/Release";
    static final String GET = SoapRequest.TRANSFER + "/Get";
    static final String WQL_DIALECT = "http://schemas.microsoft.com/wbem/wsman/1/WQL";

    private final StandInHypervHost host;

    WsmanDispatcher(StandInHypervHost host) {
        this.host = host;
    }

    byte[] answer(SoapRequest request) {
        String action = request.action();
        return switch (action) {
            case ENUMERATE -> enumerate(request);
            case PULL -> pull(request);
            case RELEASE -> release(request);
            case GET -> get(request);
            default -> invoke(request);
        };
    }

    private byte[] enumerate(SoapRequest request) {
        String namespace = namespace(request);
        String className = CimSchema.classNameOf(request.resourceUri());
        Element enumerate = requireBody(request, SoapRequest.ENUMERATION, "Enumerate");
        Element filter = SoapRequest.child(enumerate, SoapRequest.WSMAN, "Filter");
        WqlQuery query;
        if (filter != null) {
            String dialect = filter.getAttribute("Dialect");
            if (!dialect.isEmpty() && !dialect.equals(WQL_DIALECT)) {
                throw WsmanFault.cannotProcessFilter("the dialect " + dialect + " is not supported");
            }
            try {
                query = WqlParser.parse(filter.getTextContent());
            } catch (WqlParser.WqlException e) {
                throw WsmanFault.cannotProcessFilter(e.getMessage());
            }
        } else if (className.equals("*")) {
            throw WsmanFault.cannotProcessFilter("a filter is needed to enumerate a namespace");
        } else {
            query = new WqlQuery.Select(className, null);
        }
        List<CimObject> items = host.query(namespace, query);
        EnumerationContexts contexts = host.enumerations();
        String context = contexts.open(items, mode(enumerate));
        boolean optimized = SoapRequest.child(enumerate, SoapRequest.WSMAN, "OptimizeEnumeration") != null;
        EnumerationContexts.Page page = optimized
                ? contexts.pull(context, optimizedMaxElements(enumerate))
                : new EnumerationContexts.Page(List.of(), null, context);
        return SoapAnswerWriter.answer(ENUMERATE + "Response", request.messageId(), out -> {
            out.writeStartElement(SoapRequest.ENUMERATION, "EnumerateResponse");
            SoapAnswerWriter.textElement(out, SoapRequest.ENUMERATION, "EnumerationContext",
                    page.endOfSequence() ? "" : page.nextContext());
            if (optimized) {
                items(out, SoapRequest.WSMAN, page);
            }
            out.writeEndElement();
        });
    }

    private byte[] pull(SoapRequest request) {
        Element pull = requireBody(request, SoapRequest.ENUMERATION, "Pull");
        Element context = SoapRequest.child(pull, SoapRequest.ENUMERATION, "EnumerationContext");
        if (context == null) {
            throw WsmanFault.invalidEnumerationContext();
        }
        EnumerationContexts.Page page = host.enumerations().pull(context.getTextContent().trim(),
                maxElements(SoapRequest.child(pull, SoapRequest.ENUMERATION, "MaxElements")));
        return SoapAnswerWriter.answer(PULL + "Response", request.messageId(), out -> {
            out.writeStartElement(SoapRequest.ENUMERATION, "PullResponse");
            if (!page.endOfSequence()) {
                SoapAnswerWriter.textElement(out, SoapRequest.ENUMERATION, "EnumerationContext",
                        page.nextContext());
            }
            items(out, SoapRequest.ENUMERATION, page);
            out.writeEndElement();
        });
    }

    private static void items(XMLStreamWriter out, String itemsNamespace, EnumerationContexts.Page page)
            throws XMLStreamException {
        out.writeStartElement(itemsNamespace, "Items");
        for (CimObject item : page.items()) {
            switch (page.mode()) {
                case OBJECT -> SoapAnswerWriter.instance(out, item);
                case EPR -> endpointReferenceItem(out, item);
                case OBJECT_AND_EPR -> {
                    out.writeStartElement(SoapRequest.WSMAN, "Item");
                    SoapAnswerWriter.instance(out, item);
                    endpointReferenceItem(out, item);
                    out.writeEndElement();
                }
            }
        }
        out.writeEndElement();
        if (page.endOfSequence()) {
            out.writeEmptyElement(itemsNamespace, "EndOfSequence");
        }
    }

    private static void endpointReferenceItem(XMLStreamWriter out, CimObject item) throws XMLStreamException {
        out.writeStartElement(SoapRequest.ADDRESSING, "EndpointReference");
        SoapAnswerWriter.endpointReference(out, item.reference());
        out.writeEndElement();
    }

    /** The enumeration mode asked for ({@code w:EnumerationMode}): objects unless EPRs are wanted. */
    private static EnumerationContexts.Mode mode(Element enumerate) {
        Element mode = SoapRequest.child(enumerate, SoapRequest.WSMAN, "EnumerationMode");
        if (mode == null) {
            return EnumerationContexts.Mode.OBJECT;
        }
        return switch (mode.getTextContent().trim()) {
            case "EnumerateEPR" -> EnumerationContexts.Mode.EPR;
            case "EnumerateObjectAndEPR" -> EnumerationContexts.Mode.OBJECT_AND_EPR;
            default -> throw WsmanFault.invalidMessage("unknown EnumerationMode " + mode.getTextContent().trim());
        };
    }

    private byte[] release(SoapRequest request) {
        Element release = requireBody(request, SoapRequest.ENUMERATION, "Release");
        Element context = SoapRequest.child(release, SoapRequest.ENUMERATION, "EnumerationContext");
        if (context == null) {
            throw WsmanFault.invalidEnumerationContext();
        }
        host.enumerations().release(context.getTextContent().trim());
        return SoapAnswerWriter.answer(RELEASE + "Response", request.messageId(), out -> { });
    }

    private byte[] get(SoapRequest request) {
        String className = requireClass(request);
        if (request.selectors().isEmpty()) {
            throw WsmanFault.invalidSelectors();
        }
        CimObject instance = host.get(className, request.selectors());
        return SoapAnswerWriter.answer(GET + "Response", request.messageId(),
                out -> SoapAnswerWriter.instance(out, instance));
    }

    private byte[] invoke(SoapRequest request) {
        String prefix = request.resourceUri() + "/";
        if (!request.action().startsWith(prefix) || request.action().length() == prefix.length()) {
            throw WsmanFault.actionNotSupported(request.action());
        }
        String className = requireClass(request);
        String method = request.action().substring(prefix.length());
        Element input = request.body();
        if (input == null || !input.getLocalName().equals(method + "_INPUT")
                || !request.resourceUri().equals(input.getNamespaceURI())) {
            throw WsmanFault.invalidMessage("the body must be " + method + "_INPUT in the class's namespace");
        }
        if (request.selectors().isEmpty()) {
            throw WsmanFault.invalidSelectors();
        }
        StandInMethods.Result result = host.invoke(className, request.selectors(), method, parameters(input));
        String uri = request.resourceUri();
        return SoapAnswerWriter.answer(request.action() + "Response", request.messageId(), out -> {
            out.writeStartElement("p", method + "_OUTPUT", uri);
            out.writeNamespace("p", uri);
            out.writeNamespace("xsi", SoapAnswerWriter.XSI);
            out.writeNamespace("cim", SoapAnswerWriter.CIM);
            for (Map.Entry<String, Object> parameter : result.out().entrySet()) {
                SoapAnswerWriter.property(out, uri, parameter.getKey(), parameter.getValue());
            }
            SoapAnswerWriter.textElement(out, uri, "ReturnValue", Long.toString(result.returnValue()));
            out.writeEndElement();
        });
    }

    /** The method's in parameters: an EPR (a:Address + a:ReferenceParameters), an embedded instance, or text. */
    private static StandInMethods.Parameters parameters(Element input) {
        Map<String, List<Object>> values = new LinkedHashMap<>();
        for (Element parameter : SoapRequest.children(input)) {
            if ("true".equals(parameter.getAttributeNS(SoapAnswerWriter.XSI, "nil"))) {
                continue;
            }
            Object value;
            Element referenceParameters =
                    SoapRequest.child(parameter, SoapRequest.ADDRESSING, "ReferenceParameters");
            if (referenceParameters != null) {
                value = reference(referenceParameters);
            } else if (CimXmlInstanceReader.looksLikeInstance(parameter.getTextContent())) {
                value = CimXmlInstanceReader.read(parameter.getTextContent());
            } else {
                value = parameter.getTextContent();
            }
            values.computeIfAbsent(parameter.getLocalName(), k -> new ArrayList<>()).add(value);
        }
        return new StandInMethods.Parameters(values);
    }

    private static CimReference reference(Element referenceParameters) {
        Element uri = SoapRequest.child(referenceParameters, SoapRequest.WSMAN, "ResourceURI");
        Element selectorSet = SoapRequest.child(referenceParameters, SoapRequest.WSMAN, "SelectorSet");
        if (uri == null || selectorSet == null) {
            throw WsmanFault.invalidParameter("a reference needs a ResourceURI and a SelectorSet");
        }
        String className = CimSchema.classNameOf(uri.getTextContent().trim());
        CimSchema.CimClass cimClass = CimSchema.find(className).orElseThrow(WsmanFault::invalidClass);
        return new CimReference(cimClass.name(), SoapRequest.selectors(selectorSet));
    }

    /** An optimized Enumerate without w:MaxElements gets as many items as a page holds (the service's choice). */
    private static int optimizedMaxElements(Element enumerate) {
        Element max = SoapRequest.child(enumerate, SoapRequest.WSMAN, "MaxElements");
        return max == null ? Integer.MAX_VALUE : maxElements(max);
    }

    /** A Pull's n:MaxElements; WS-Enumeration's default is one. */
    private static int maxElements(Element element) {
        if (element == null) {
            return 1;
        }
        try {
            return Integer.parseInt(element.getTextContent().trim());
        } catch (NumberFormatException e) {
            throw WsmanFault.invalidMessage("MaxElements is no number");
        }
    }

    private static String namespace(SoapRequest request) {
        return CimSchema.namespaceOf(request.resourceUri()).orElseThrow(WsmanFault::invalidNamespace);
    }

    /** The class a resource URI names, which must be one of its namespace. */
    private static String requireClass(SoapRequest request) {
        String namespace = namespace(request);
        return CimSchema.find(CimSchema.classNameOf(request.resourceUri()))
                .filter(c -> c.namespace().equals(namespace)).map(CimSchema.CimClass::name)
                .orElseThrow(WsmanFault::invalidClass);
    }

    private static Element requireBody(SoapRequest request, String namespace, String name) {
        if (request.body() == null || !SoapRequest.is(request.body(), namespace, name)) {
            throw WsmanFault.invalidMessage("the body must be " + name);
        }
        return request.body();
    }
}
