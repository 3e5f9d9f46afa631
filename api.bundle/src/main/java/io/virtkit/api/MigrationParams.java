package io.virtkit.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameters of a migration: libvirt's {@code VIR_MIGRATE_PARAM_*} typed parameters that Virtkit's drivers
 * understand, each null (or 0) when not given. On libvirt's wire they travel as typed parameters under libvirt's
 * names; {@link #fromTyped} refuses a name outside this set as libvirt's QEMU driver does.
 *
 * @param uri {@code migrate_uri}: where the destination listens for the data ({@code tcp://10.77.0.2[:port]})
 * @param destinationName {@code destination_name}: the domain's name on the destination
 * @param destinationXml {@code destination_xml}: the domain XML to use on the destination (host-side changes only)
 * @param persistentXml {@code persistent_xml}: the persistent definition for the destination with PERSIST_DEST
 * @param bandwidthMiBs {@code bandwidth}: the most MiB/s the migration may use, 0 for no limit
 * @param listenAddress {@code listen_address}: the address the destination's QEMU listens on
 * @since 1.8
 */
public record MigrationParams(String uri, String destinationName, String destinationXml, String persistentXml,
        long bandwidthMiBs, String listenAddress) {

    public static final String URI = "migrate_uri";
    public static final String DEST_NAME = "destination_name";
    public static final String DEST_XML = "destination_xml";
    public static final String PERSIST_XML = "persistent_xml";
    public static final String BANDWIDTH = "bandwidth";
    public static final String LISTEN_ADDRESS = "listen_address";

    public static final MigrationParams NONE = new MigrationParams(null, null, null, null, 0, null);

    public MigrationParams {
        if (bandwidthMiBs < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                    "bandwidth must be at least 0");
        }
    }

    /**
     * The parameters from libvirt's typed parameters (names to String, Long or Integer values, as decoded from the
     * wire).
     *
     * @throws VirtException ARGUMENT_UNSUPPORTED "parameter 'x' not supported" for a name outside this set,
     *         INVALID_ARG for a value of the wrong type
     */
    public static MigrationParams fromTyped(Map<String, Object> typed) {
        String uri = null;
        String name = null;
        String xml = null;
        String persistent = null;
        long bandwidth = 0;
        String listen = null;
        for (Map.Entry<String, Object> e : typed.entrySet()) {
            Object v = e.getValue();
            switch (e.getKey()) {
                case URI -> uri = string(e.getKey(), v);
                case DEST_NAME -> name = string(e.getKey(), v);
                case DEST_XML -> xml = string(e.getKey(), v);
                case PERSIST_XML -> persistent = string(e.getKey(), v);
                case LISTEN_ADDRESS -> listen = string(e.getKey(), v);
                case BANDWIDTH -> {
                    if (!(v instanceof Number n)) {
                        throw wrongType(e.getKey());
                    }
                    bandwidth = n.longValue();
                }
                default -> throw new VirtException(ErrorCode.ARGUMENT_UNSUPPORTED, ErrorDomain.NONE,
                        "parameter '" + e.getKey() + "' not supported");
            }
        }
        return new MigrationParams(uri, name, xml, persistent, bandwidth, listen);
    }

    /** The given parameters as libvirt's typed parameters, in libvirt's order ({@code bandwidth} as an unsigned long). */
    public Map<String, Object> toTyped() {
        Map<String, Object> m = new LinkedHashMap<>();
        if (uri != null) {
            m.put(URI, uri);
        }
        if (destinationName != null) {
            m.put(DEST_NAME, destinationName);
        }
        if (destinationXml != null) {
            m.put(DEST_XML, destinationXml);
        }
        if (bandwidthMiBs != 0) {
            m.put(BANDWIDTH, bandwidthMiBs);
        }
        if (listenAddress != null) {
            m.put(LISTEN_ADDRESS, listenAddress);
        }
        if (persistentXml != null) {
            m.put(PERSIST_XML, persistentXml);
        }
        return m;
    }

    public MigrationParams withUri(String u) {
        return new MigrationParams(u, destinationName, destinationXml, persistentXml, bandwidthMiBs, listenAddress);
    }

    public MigrationParams withDestinationXml(String x) {
        return new MigrationParams(uri, destinationName, x, persistentXml, bandwidthMiBs, listenAddress);
    }

    private static String string(String name, Object v) {
        if (!(v instanceof String s)) {
            throw wrongType(name);
        }
        return s;
    }

    private static VirtException wrongType(String name) {
        return new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                "invalid type for parameter '" + name + "'");
    }
}
