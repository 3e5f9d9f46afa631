package io.virtkit.api.domain;

/** TEMPORARY STUB: the XML helper replaces this with the real codec (keep these signatures). */
public final class DomainXmlCodec {
    private DomainXmlCodec() {
    }

    /** Parses libvirt domain XML; fails with VirtException XML_ERROR naming the element/attribute. */
    public static DomainDefinition parse(String xml) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The persistent (inactive) XML of a definition. */
    public static String format(DomainDefinition def) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The live XML of a running domain: as {@link #format(DomainDefinition)} plus {@code id='N'}. */
    public static String formatLive(DomainDefinition def, int id) {
        throw new UnsupportedOperationException("not yet");
    }
}
