package io.virtkit.model.internal.storage;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.VirtException;
import io.virtkit.model.internal.xml.ScaledUnits;
import io.virtkit.model.internal.xml.XmlCursor;
import io.virtkit.model.internal.xml.XmlWriter;
import io.virtkit.model.storage.StoragePermissions;
import io.virtkit.model.storage.VolumeTimestamps;
import java.util.List;

/** What pools and volumes share: scaled sizes, {@code <permissions>}, {@code <timestamps>}. */
final class StorageValuesXml {
    static final List<String> PERMISSIONS = List.of("permissions/mode", "permissions/owner", "permissions/group",
            "permissions/label");
    static final List<String> TIMESTAMPS = List.of("timestamps/atime", "timestamps/btime", "timestamps/ctime",
            "timestamps/mtime");
    private static final String TIMESTAMP = "[0-9]+(\\.[0-9]{0,9})?";

    private StorageValuesXml() {
    }

    /**
     * A size element ({@code <capacity unit='G'>5</capacity>}) in bytes, {@code null} when absent: a bad number
     * is libvirt's "malformed capacity element" (its wording for every size), a bad unit or a size past 2^63-1
     * bytes the scaler's errors.
     */
    static Long size(XmlCursor parent, String element) {
        XmlCursor e = parent.child(element);
        if (e == null) {
            return null;
        }
        String text = e.text().strip();
        long value;
        try {
            if (text.isEmpty() || text.startsWith("-") || text.startsWith("+")) {
                throw new NumberFormatException(text);
            }
            value = Long.parseUnsignedLong(text);
        } catch (NumberFormatException ex) {
            throw StorageErrors.xmlError("malformed capacity element");
        }
        return scale(value, e.attr("unit"));
    }

    /** libvirt's scaled integer: B/bytes 1, K/KiB 1024, KB 1000 … up to E; at most 2^63-1 bytes. */
    static long scale(long value, String unit) {
        long factor = unitScale(unit);
        if (Long.compareUnsigned(value, Long.MAX_VALUE / factor) > 0) {
            throw new VirtException(ErrorCode.OVERFLOW, StorageErrors.D, "value too large: "
                    + Long.toUnsignedString(value) + (unit == null ? "" : unit));
        }
        return value * factor;
    }

    private static long unitScale(String unit) {
        long scale = unit == null ? 1 : ScaledUnits.factor(unit, 1);
        if (scale < 0) {
            throw new VirtException(ErrorCode.INVALID_ARG, StorageErrors.D, "unknown suffix '" + unit + "'");
        }
        return scale;
    }

    /** The {@code <permissions>} in {@code parent}; {@link StoragePermissions#NONE} without one. */
    static StoragePermissions permissions(XmlCursor parent) {
        XmlCursor p = parent.child("permissions");
        if (p == null) {
            return StoragePermissions.NONE;
        }
        Integer mode = null;
        String modeText = p.childText("mode");
        if (modeText != null) {
            try {
                mode = Integer.parseInt(modeText.strip(), 8);
            } catch (NumberFormatException e) {
                throw StorageErrors.xmlError("malformed octal mode");
            }
            if ((mode & ~0777) != 0) {
                throw StorageErrors.xmlError("malformed octal mode");
            }
        }
        return new StoragePermissions(mode, id(p, "owner"), id(p, "group"), p.childText("label"));
    }

    /** An owner or group id; -1 (which libvirt once wrote) is none. */
    private static Long id(XmlCursor p, String element) {
        String text = p.childText(element);
        if (text == null) {
            return null;
        }
        try {
            long v = Long.parseLong(text.strip());
            if (v == -1) {
                return null;
            }
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new NumberFormatException(text);
            }
            return v;
        } catch (NumberFormatException e) {
            throw StorageErrors.xmlError("malformed " + element + " element");
        }
    }

    static void writePermissions(XmlWriter w, StoragePermissions p) {
        if (p.isEmpty()) {
            return;
        }
        w.open("permissions");
        if (p.mode() != null) {
            w.text("mode", "0" + Integer.toOctalString(p.mode()));
        }
        w.text("owner", p.owner() == null ? null : p.owner().toString());
        w.text("group", p.group() == null ? null : p.group().toString());
        w.text("label", p.label());
        w.close("permissions");
    }

    /** The {@code <timestamps>} in {@code parent}, {@code null} without one. */
    static VolumeTimestamps timestamps(XmlCursor parent) {
        XmlCursor t = parent.child("timestamps");
        if (t == null) {
            return null;
        }
        return new VolumeTimestamps(timestamp(t, "atime"), timestamp(t, "mtime"), timestamp(t, "ctime"),
                timestamp(t, "btime"));
    }

    private static String timestamp(XmlCursor t, String element) {
        String text = t.childText(element);
        if (text != null && !text.strip().matches(TIMESTAMP)) {
            throw StorageErrors.xmlError("Invalid value '" + text + "' for element './timestamps/" + element + "'");
        }
        return text == null ? null : text.strip();
    }

    static void writeTimestamps(XmlWriter w, VolumeTimestamps t) {
        if (t == null) {
            return;
        }
        w.open("timestamps");
        w.text("atime", t.atime());
        w.text("mtime", t.mtime());
        w.text("ctime", t.ctime());
        w.text("btime", t.btime());
        w.close("timestamps");
    }
}
