package io.virtkit.model.domain;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.XmlWriter;
import org.w3c.dom.Element;

/** Reads and writes {@code <controller>} for the devices codec, apart so the codecs stay small. */
final class ControllerXml {

    private ControllerXml() {
    }

    static ControllerDevice parse(Element c, boolean live) {
        String type = c.getAttribute("type");
        if (type.isEmpty()) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "Missing required attribute 'type' in element 'controller'");
        }
        String indexText = c.getAttribute("index");
        int index;
        try {
            index = indexText.isEmpty() ? 0 : Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            throw new VirtException(ErrorCode.XML_ERROR, ErrorDomain.DOMAIN,
                    "Cannot parse controller index " + indexText);
        }
        String model = c.getAttribute("model");
        return new ControllerDevice(type, index, model.isEmpty() ? null : model, DeviceInfoXml.parse(c, live));
    }

    static void write(XmlWriter w, ControllerDevice c, boolean live) {
        String[] attrs = {"type", c.type(), "index", Integer.toString(c.index()), "model", c.model()};
        boolean alias = c.alias() != null && (live || c.info().hasUserAlias());
        if (!alias && c.address() == null) {
            w.empty("controller", attrs);
            return;
        }
        w.open("controller", attrs);
        DeviceInfoXml.write(w, c.info(), live);
        w.close("controller");
    }
}
