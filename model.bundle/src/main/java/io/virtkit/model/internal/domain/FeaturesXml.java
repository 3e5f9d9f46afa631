package io.virtkit.model.internal.domain;

import io.virtkit.model.domain.DomainXmlCodec;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code <features>}: the features without content in {@link DomainXmlCodec#FEATURES}, on unless
 * {@code state='off'}; any other feature is refused (listed with {@code !} among the not-modelled keys).
 */
final class FeaturesXml {

    /** The keys this codec reads, relative to {@code <features>}. */
    static final List<String> MODELLED = DomainXmlCodec.FEATURES.stream().map(f -> f + "@state").toList();

    private FeaturesXml() {
    }

    static Set<String> parse(XmlCursor featuresEl) {
        Set<String> features = new LinkedHashSet<>();
        if (featuresEl == null) {
            return features;
        }
        for (XmlCursor f : featuresEl.children()) {
            String name = f.name();
            if (!DomainXmlCodec.FEATURES.contains(name)) {
                throw DomainErrors.unsupported("unexpected feature '" + name + "'");
            }
            String state = f.attrOrEmpty("state");
            if (!state.isEmpty() && !state.equals("on") && !state.equals("off")) {
                throw DomainErrors.invalidAttribute("state", name, state);
            }
            if (!state.equals("off")) {
                features.add(name);
            }
        }
        return features;
    }

    static void write(XmlWriter w, Set<String> features) {
        if (features.isEmpty()) {
            return;
        }
        w.open("features");
        for (String f : DomainXmlCodec.FEATURES) {
            if (features.contains(f)) {
                w.empty(f);
            }
        }
        w.close("features");
    }
}
