package io.virtkit.xen.internal.xl;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import java.util.List;

/**
 * One xl disk specification as libxl's own parser reads it ({@code xl-disk-configuration(5)}): comma-separated
 * {@code key=value} parameters, flags and positional parameters (target, format, vdev, access, in that order;
 * an old-style {@code phy:}/{@code file:}/{@code tap:aio:} prefix on the target drops the format from them, a
 * {@code :cdrom} suffix on the vdev makes a CD-ROM). {@code target=} takes the rest of the string, commas and
 * spaces included, so it comes last.
 *
 * @param target      the host path ({@code ""} for an empty drive), or {@code null} when none was given
 * @param format      {@code raw}, {@code qcow}, {@code qcow2}, {@code vhd}, {@code qed} or {@code empty}
 * @param vdev        the guest device name
 * @param readWrite   whether the guest may write
 * @param cdrom       whether it is a CD-ROM drive
 * @param backendType {@code phy}, {@code tap}, {@code qdisk}, {@code standalone}, or {@code null} for libxl's choice
 * @param script      the block script, or {@code null}
 */
record XlDiskSpec(String target, String format, String vdev, boolean readWrite, boolean cdrom, String backendType,
        String script) {

    private static final List<String> FORMATS = List.of("raw", "qcow", "qcow2", "vhd", "empty", "qed");
    private static final List<String> BACKENDS = List.of("phy", "tap", "qdisk", "standalone");
    private static final List<String> SILENT_PREFIXES = List.of("tapdisk", "tap", "tap2", "aio", "ioemu", "file",
            "phy");
    private static final List<String> FORMAT_PREFIXES = List.of("raw", "qcow", "qcow2", "vhd");
    private static final List<String> SCRIPT_PREFIXES = List.of("iscsi", "nbd", "enbd", "drbd");
    private static final List<String> FLAGS = List.of("direct-io-safe", "discard", "no-discard", "trusted",
            "untrusted", "cdrom");

    /** Parses a specification, refusing what libxl's parser refuses. */
    static XlDiskSpec parse(String spec) {
        return new Parser(spec).parse();
    }

    private static final class Parser {
        private final String spec;
        private int pos;
        private String target;
        private String format;
        private String vdev;
        private Boolean readWrite;
        private boolean cdrom;
        private String backendType;
        private String script;
        private boolean deprecatedPrefix;
        private boolean formatGiven;

        Parser(String spec) {
            this.spec = spec;
        }

        XlDiskSpec parse() {
            while (pos < spec.length()) {
                char c = spec.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\n') {
                    pos++;
                    continue;
                }
                if (spec.startsWith("target=", pos)) {
                    String rest = spec.substring(pos + "target=".length());
                    if (rest.endsWith(",")) {
                        rest = rest.substring(0, rest.length() - 1);
                    }
                    target = once("target", target, rest);
                    break;
                }
                if (!prefix()) {
                    parameter();
                }
            }
            String fmt = format == null ? "raw" : format;
            boolean rw = readWrite == null || readWrite;
            if (cdrom) {
                rw = false;
                if (target == null || target.isEmpty()) {
                    fmt = "empty";
                }
            }
            if (vdev == null) {
                throw error(null, "no vdev specified");
            }
            if (target == null && !cdrom) {
                throw error(null, "no target specified");
            }
            return new XlDiskSpec(target, fmt, vdev, rw, cdrom, backendType, script);
        }

        /** An old-style prefix on the target ({@code phy:}, {@code tap:aio:}, {@code qcow2:} …), consumed. */
        private boolean prefix() {
            int colon = spec.indexOf(':', pos);
            int comma = spec.indexOf(',', pos);
            int equals = spec.indexOf('=', pos);
            if (colon < 0 || (comma >= 0 && comma < colon) || (equals >= 0 && equals < colon) || target != null) {
                return false;
            }
            String word = spec.substring(pos, colon);
            if (!word.matches("[a-z][a-z0-9]*")) {
                return false;
            }
            if (SILENT_PREFIXES.contains(word)) {
                deprecatedPrefix = true;
            } else if (FORMAT_PREFIXES.contains(word)) {
                deprecatedPrefix = true;
                format(word);
            } else if (SCRIPT_PREFIXES.contains(word)) {
                deprecatedPrefix = true;
                script = once("script", script, "block-" + word);
            } else {
                throw error(spec.substring(pos), "unknown deprecated disk prefix");
            }
            pos = colon + 1;
            return true;
        }

        private void parameter() {
            int comma = spec.indexOf(',', pos);
            int end = comma < 0 ? spec.length() : comma;
            String token = spec.substring(pos, end);
            pos = comma < 0 ? end : comma + 1;
            int equals = token.indexOf('=');
            if (equals < 0) {
                if (FLAGS.contains(token)) {
                    cdrom |= token.equals("cdrom");
                } else {
                    positional(token);
                }
                return;
            }
            String key = token.substring(0, equals);
            String value = token.substring(equals + 1);
            switch (key) {
                case "format" -> format(value);
                case "vdev" -> vdev = once("vdev", vdev, value);
                case "access" -> access(value);
                case "backendtype" -> backendType(value);
                case "script" -> script = once("script", script, value);
                case "devtype" -> {
                    if (value.equals("cdrom") || value.equals("disk")) {
                        cdrom = value.equals("cdrom");
                    } else {
                        throw error(token, "unknown value for type");
                    }
                }
                case "backend", "specification", "colo-host", "colo-port", "colo-export", "active-disk",
                        "hidden-disk" -> {
                    // accepted by libxl; libvirt keeps nothing of them
                }
                default -> throw error(token, "unknown parameter");
            }
        }

        private void positional(String token) {
            if (target == null) {
                target = token;
            } else if (!deprecatedPrefix && !formatGiven) {
                if (target.isEmpty() && vdevAndDevtype(token)) {
                    formatGiven = true;
                    format = "empty";
                } else {
                    format(token);
                }
            } else if (vdev == null) {
                if (!vdevAndDevtype(token)) {
                    vdev = token;
                }
            } else if (readWrite == null) {
                access(token);
            } else {
                throw error(token, "too many positional parameters");
            }
        }

        /** The old {@code vdev:devtype} form; false when the token has no colon. */
        private boolean vdevAndDevtype(String token) {
            int colon = token.lastIndexOf(':');
            if (colon < 0) {
                return false;
            }
            String type = token.substring(colon + 1);
            vdev = once("vdev", vdev, token.substring(0, colon));
            if (type.equals("cdrom")) {
                cdrom = true;
            } else if (!type.equals("disk")) {
                throw error(type, "unknown deprecated type");
            }
            return true;
        }

        /** A format; an empty one is libxl's default but still fills the format's place. */
        private void format(String value) {
            if (formatGiven && !value.isEmpty()) {
                throw error(value, "format specified twice");
            }
            formatGiven = true;
            if (value.isEmpty()) {
                return;
            }
            if (!FORMATS.contains(value)) {
                throw error(value, "unknown value for format");
            }
            format = value;
        }

        private void access(String value) {
            if (value.equals("r") || value.equals("ro")) {
                readWrite = false;
            } else if (value.equals("w") || value.equals("rw") || value.isEmpty()) {
                readWrite = true;
            } else {
                throw error(value, "unknown value for access");
            }
        }

        private void backendType(String value) {
            if (value.isEmpty()) {
                return;
            }
            if (!BACKENDS.contains(value)) {
                throw error(value, "unknown value for backendtype");
            }
            backendType = value;
        }

        private String once(String name, String current, String value) {
            if (current != null) {
                throw error(value, name + " specified twice");
            }
            return value;
        }

        /** libxl's disk parser reports its own words; libvirt passes the failure on. */
        private VirtException error(String near, String what) {
            return new VirtException(ErrorCode.CONF_SYNTAX, ErrorDomain.XENXL, "config parsing error in disk "
                    + "specification '" + spec + "': " + (near == null ? what : what + ": '" + near + "'"));
        }
    }
}
