package io.virtkit.model.internal.xml;

import java.io.IOException;
import java.io.StringReader;
import java.util.UUID;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.w3c.dom.Document;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * What every XML codec of the API shares: secure parsing (no DTDs, hence no XXE and no entity bombs) with
 * libvirt's error wording, and libvirt's UUID syntax. A private package of the API bundle.
 */
public final class SecureXml {

    /**
     * Configuring a secure parser costs far more than parsing a definition, so each thread keeps one.
     * Only JDK types are held, so an uninstalled bundle leaves nothing of its own behind in a thread.
     */
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SecureXml::newSecureBuilder);

    private static final ErrorHandler STRICT_ERRORS = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    private SecureXml() {
    }

    /**
     * Parses {@code xml}; a document that is not well-formed, or has a DTD, fails as libvirt's parser does:
     * XML_DETAIL "{@code docUrl}:LINE: what is wrong", from {@code domain}.
     */
    public static Document read(String xml, ErrorDomain domain, String docUrl) {
        DocumentBuilder builder = BUILDERS.get();
        try {
            builder.setErrorHandler(STRICT_ERRORS);
            builder.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entity '" + systemId + "' is not allowed");
            });
            return builder.parse(new InputSource(new StringReader(xml)));
        } catch (SAXParseException e) {
            throw VirtException.withMessage(ErrorCode.XML_DETAIL, domain,
                    docUrl + ":" + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException e) {
            throw VirtException.withMessage(ErrorCode.XML_DETAIL, domain, docUrl + ": " + e.getMessage());
        } finally {
            // reset() drops the handlers (classes of this bundle) so the cached builder pins nothing of ours
            builder.reset();
        }
    }

    /** libvirt's UUID syntax: 32 hex digits, dashes allowed between bytes, surrounding blanks ignored; null if not one. */
    public static UUID parseUuid(String text) {
        String s = text.strip();
        StringBuilder hex = new StringBuilder(32);
        int i = 0;
        while (i < s.length() && hex.length() < 32) {
            char c = s.charAt(i);
            if (c == '-') {
                i++;
                continue;
            }
            if (i + 1 >= s.length() || Character.digit(c, 16) < 0 || Character.digit(s.charAt(i + 1), 16) < 0) {
                return null;
            }
            hex.append(c).append(s.charAt(i + 1));
            i += 2;
        }
        if (hex.length() != 32 || i != s.length()) {
            return null;
        }
        return new UUID(Long.parseUnsignedLong(hex.substring(0, 16), 16), Long.parseUnsignedLong(hex.substring(16), 16));
    }

    private static DocumentBuilder newSecureBuilder() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // No DTDs at all: this alone rules out internal and external entities (XXE, billion laughs).
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            buildWholeTree(factory);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.XML,
                    "XML parser cannot be configured securely: " + e.getMessage(), e);
        }
    }

    /**
     * Xerces builds a "deferred" DOM by default, expanding each node the first time it is visited; the
     * codecs visit every node of a definition, and expanding on the way cost about a third of a parse.
     * A parser without the feature (not Xerces) simply keeps its own way.
     */
    private static void buildWholeTree(DocumentBuilderFactory factory) {
        try {
            factory.setFeature("http://apache.org/xml/features/dom/defer-node-expansion", false);
        } catch (ParserConfigurationException e) {
            // not Xerces: nothing to turn off
        }
    }
}
