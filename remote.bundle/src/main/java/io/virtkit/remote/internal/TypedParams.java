package io.virtkit.remote.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;

/**
 * libvirt's typed parameters on the wire ({@code remote_typed_param}: a field name, then a union of the value
 * switched on {@code virTypedParameterType}), as a map from names to Java values in the order they came.
 *
 * <p>Reading gives Integer for INT, Long for UINT, LLONG and ULLONG (an unsigned 64-bit value keeps its bits),
 * Double, Boolean and String. Writing maps Integer to INT, Long to ULLONG (libvirt's type for every 64-bit migration
 * parameter and job statistic), Double, Boolean and String to theirs, and a List of Strings to one STRING parameter
 * per element (a name libvirt allows several times).
 */
public final class TypedParams {
    /** {@code virTypedParameterType}. */
    public static final int INT = 1;
    public static final int UINT = 2;
    public static final int LLONG = 3;
    public static final int ULLONG = 4;
    public static final int DOUBLE = 5;
    public static final int BOOLEAN = 6;
    public static final int STRING = 7;

    /** {@code REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX}: the most parameters a migration step carries. */
    public static final int MIGRATE_PARAM_LIST_MAX = 64;
    /** {@code REMOTE_DOMAIN_JOB_STATS_MAX}: the most statistics a job stats reply carries. */
    public static final int JOB_STATS_MAX = 64;
    /** {@code VIR_TYPED_PARAM_FIELD_LENGTH}: a name and its terminating NUL fit in this many bytes. */
    static final int FIELD_LENGTH = 80;

    /**
     * The names libvirt lets a caller give more than once ({@code VIR_TYPED_PARAM_MULTIPLE} in the QEMU driver's
     * migration parameters): each read as a List of its Strings. Any other name given twice is refused.
     */
    private static final Set<String> MULTIPLE = Set.of("migrate_disks", "migrate_disks_detect_zeroes");

    private TypedParams() {
    }

    /**
     * Reads a {@code remote_typed_param<max>} array.
     *
     * @throws XdrException when the count exceeds {@code max} or a value's type is none of libvirt's (the XDR
     *         union has no default arm: libvirt's decoder fails there too)
     * @throws VirtException INTERNAL_ERROR "parameter NAME too big for destination" for a name of 80 bytes or
     *         more (it would not fit libvirt's {@code virTypedParameter}); INVALID_ARG "parameter 'NAME' occurs
     *         multiple times" for a repeated name that libvirt takes only once
     */
    public static Map<String, Object> read(XdrReader in, int max) {
        int count = in.readInt();
        if (count < 0 || count > max) {
            throw new XdrException("too many parameters '" + Integer.toUnsignedString(count) + "' for limit '"
                    + max + "'");
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readString(RemoteTypes.STRING_MAX);
            Object value = readValue(in);
            if (name.getBytes(StandardCharsets.UTF_8).length >= FIELD_LENGTH) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.RPC,
                        "parameter " + name + " too big for destination");
            }
            add(params, name, value);
        }
        return params;
    }

    private static void add(Map<String, Object> params, String name, Object value) {
        if (MULTIPLE.contains(name) && value instanceof String s) {
            @SuppressWarnings("unchecked")
            List<String> values = (List<String>) params.computeIfAbsent(name, n -> new ArrayList<String>());
            values.add(s);
            return;
        }
        if (params.putIfAbsent(name, value) != null) {
            throw new VirtException(ErrorCode.INVALID_ARG, ErrorDomain.NONE,
                    "parameter '" + name + "' occurs multiple times");
        }
    }

    private static Object readValue(XdrReader in) {
        int type = in.readInt();
        return switch (type) {
            case INT -> in.readInt();
            case UINT -> in.readUnsigned();
            case LLONG, ULLONG -> in.readHyper();
            case DOUBLE -> Double.longBitsToDouble(in.readHyper());
            // libvirt copies the int: any non-zero value is true
            case BOOLEAN -> in.readInt() != 0;
            case STRING -> in.readString(RemoteTypes.STRING_MAX);
            default -> throw new XdrException("unknown parameter type: " + type);
        };
    }

    /**
     * Writes {@code params} as a {@code remote_typed_param} array, in the map's order.
     *
     * @throws IllegalArgumentException for a value of no typed parameter's type, or a name too long for libvirt
     */
    public static void write(XdrWriter out, Map<String, ?> params) {
        List<Map.Entry<String, Object>> flat = new ArrayList<>();
        for (Map.Entry<String, ?> e : params.entrySet()) {
            if (e.getKey().getBytes(StandardCharsets.UTF_8).length >= FIELD_LENGTH) {
                throw new IllegalArgumentException("typed parameter name too long: " + e.getKey());
            }
            if (e.getValue() instanceof List<?> values) {
                values.forEach(v -> flat.add(Map.entry(e.getKey(), v)));
            } else {
                flat.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        out.writeArray(flat, (w, e) -> {
            w.writeString(e.getKey());
            writeValue(w, e.getKey(), e.getValue());
        });
    }

    private static void writeValue(XdrWriter out, String name, Object value) {
        if (value instanceof Integer i) {
            out.writeInt(INT).writeInt(i);
        } else if (value instanceof Long l) {
            out.writeInt(ULLONG).writeHyper(l);
        } else if (value instanceof Double d) {
            out.writeInt(DOUBLE).writeHyper(Double.doubleToLongBits(d));
        } else if (value instanceof Boolean b) {
            out.writeInt(BOOLEAN).writeInt(b ? 1 : 0);
        } else if (value instanceof String s) {
            out.writeInt(STRING).writeString(s);
        } else {
            throw new IllegalArgumentException("typed parameter '" + name + "' has a value of no typed parameter "
                    + "type: " + (value == null ? "null" : value.getClass().getName()));
        }
    }
}
