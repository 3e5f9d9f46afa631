package io.virtkit.hyperv.internal.wsman;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;

/**
 * The StAX factories of the client. Input refuses DTDs and external entities (answers come from the network) and
 * coalesces text; both are thread-safe once configured.
 */
final class XmlFactories {

    static final XMLInputFactory INPUT = newInput();
    static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private XmlFactories() {
    }

    private static XMLInputFactory newInput() {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        return factory;
    }
}
