package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.ControllerDevice;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.List;

/**
 * {@code <controller>}: the bus a device sits on (type, index, model); its identity through
 * {@link DeviceInfoXml}. The other controller settings are in the not-modelled list.
 */
final class ControllerXml {

    /** The keys this codec reads, relative to {@code <controller>}. */
    static final List<String> MODELLED = List.of("@type", "@index", "@model");

    private ControllerXml() {
    }

    static ControllerDevice parse(XmlCursor c, boolean live) {
        String type = c.attr("type");
        if (type == null || type.isEmpty()) {
            throw DomainErrors.xmlError("Missing required attribute 'type' in element 'controller'");
        }
        String indexText = c.attr("index");
        int index;
        try {
            index = indexText == null ? 0 : Integer.parseInt(indexText);
        } catch (NumberFormatException e) {
            index = -1;
        }
        if (index < 0) {
            throw DomainErrors.xmlError("Cannot parse controller index " + indexText);
        }
        String model = c.attr("model");
        return new ControllerDevice(type, index, model == null || model.isEmpty() ? null : model,
                DeviceInfoXml.parse(c, live));
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
