package io.virtkit.model.internal.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.SecureXml;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlKeys;
import java.util.function.Function;
import org.w3c.dom.Element;

/** Reading a pool or volume document: secure parsing, the root's name, the codec, then the key check. */
final class StorageDocument {

    private StorageDocument() {
    }

    static <T> T parse(String xml, String rootName, String docUrl, XmlKeys keys, Function<XmlCursor, T> codec) {
        if (xml == null || xml.isBlank()) {
            throw new VirtException(ErrorCode.INVALID_ARG, StorageErrors.D, "xml must not be empty");
        }
        Element rootEl = SecureXml.read(xml, StorageErrors.D, docUrl).getDocumentElement();
        XmlCursor root = XmlCursor.root(rootEl, keys);
        if (!rootName.equals(root.name()) || rootEl.getNamespaceURI() != null) {
            throw StorageErrors.xmlError("expecting root element of '" + rootName + "', not '" + root.name() + "'");
        }
        T def = codec.apply(root);
        keys.check(rootEl, StorageErrors.D);
        return def;
    }
}
