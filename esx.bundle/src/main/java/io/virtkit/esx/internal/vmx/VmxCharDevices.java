package io.virtkit.esx.internal.vmx;

import io.virtkit.model.domain.CharDevice;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Serial and parallel ports between VMX {@code serialN.*}/{@code parallelN.*} entries and character devices, as
 * libvirt's virVMXParseSerial/Parallel and virVMXFormatSerial/Parallel map them: host devices, files (through the
 * file names), pipes and, for serial ports, network URIs ({@code telnet://host:port}).
 */
final class VmxCharDevices {
    private VmxCharDevices() {
    }

    /** Serial port {@code port} (0–3), or {@code null} when not present. */
    static CharDevice parseSerial(VmxEntries vmx, VmxFileNames fileNames, int port) {
        String prefix = "serial" + port + ".";
        if (!vmx.present(prefix)) {
            return null;
        }
        String fileTypeKey = prefix + "fileType";
        String fileType = vmx.string(fileTypeKey, true);
        String fileNameKey = prefix + "fileName";
        String fileName = vmx.string(fileNameKey, true);
        String endPointKey = prefix + "network.endPoint";
        String endPoint = vmx.string(endPointKey, true);
        CharDevice.Builder dev = CharDevice.builder().targetPort(port);
        // VMware may leave out fileType for a host device, its default
        boolean device = fileType == null || is(fileType, "device");
        if (fileName == null && (device || is(fileType, "file") || is(fileType, "pipe"))) {
            // a device, file or pipe without its path is no serial port a domain definition can hold
            throw VmxErrors.internal("Missing essential config entry '" + fileNameKey + "'");
        }
        if (device) {
            return dev.type(CharDevice.Type.DEV).sourcePath(fileName).build();
        }
        if (is(fileType, "file")) {
            return dev.type(CharDevice.Type.FILE).sourcePath(fileNames.parse(fileName, false)).build();
        }
        if (is(fileType, "pipe")) {
            return dev.type(CharDevice.Type.PIPE).sourcePath(fileName).build();
        }
        if (!is(fileType, "network")) {
            throw VmxErrors.internal("Expecting VMX entry '" + fileTypeKey + "' to be 'device', 'file' or 'pipe' or "
                    + "'network' but found '" + fileType + "'");
        }
        URI uri;
        try {
            uri = new URI(fileName == null ? "" : fileName);
        } catch (URISyntaxException e) {
            throw VmxErrors.internal("Unable to parse URI " + fileName);
        }
        if (uri.getPort() <= 0) {
            throw VmxErrors.internal("VMX entry '" + fileNameKey + "' doesn't contain a port part");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        String protocol;
        if (scheme == null || scheme.equals("tcp") || scheme.equals("tcp4") || scheme.equals("tcp6")) {
            protocol = "raw";
        } else if (scheme.equals("telnet") || scheme.equals("telnets")) {
            protocol = scheme;
        } else if (scheme.equals("ssl") || scheme.equals("tcp+ssl") || scheme.equals("tcp4+ssl")
                || scheme.equals("tcp6+ssl")) {
            protocol = "tls";
        } else {
            throw VmxErrors.internal("VMX entry '" + fileNameKey + "' contains unsupported scheme '"
                    + uri.getScheme() + "'");
        }
        String mode;
        if (endPoint == null || is(endPoint, "server")) {
            mode = "bind";
        } else if (is(endPoint, "client")) {
            mode = "connect";
        } else {
            throw VmxErrors.internal("Expecting VMX entry '" + endPointKey + "' to be 'server' or 'client' but found '"
                    + endPoint + "'");
        }
        String host = uri.getHost();
        if (host != null && host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 address without its URI brackets
        }
        return dev.type(CharDevice.Type.TCP).sourceMode(mode).host(host)
                .service(Integer.toString(uri.getPort())).protocol(protocol).build();
    }

    /** Parallel port {@code port} (0–2), or {@code null} when not present. */
    static CharDevice parseParallel(VmxEntries vmx, VmxFileNames fileNames, int port) {
        String prefix = "parallel" + port + ".";
        if (!vmx.present(prefix)) {
            return null;
        }
        String fileTypeKey = prefix + "fileType";
        String fileType = vmx.string(fileTypeKey, false);
        String fileName = vmx.string(prefix + "fileName", false);
        CharDevice.Builder dev = CharDevice.builder().targetPort(port);
        if (is(fileType, "device")) {
            return dev.type(CharDevice.Type.DEV).sourcePath(fileName).build();
        }
        if (is(fileType, "file")) {
            return dev.type(CharDevice.Type.FILE).sourcePath(fileNames.parse(fileName, false)).build();
        }
        throw VmxErrors.internal("Expecting VMX entry '" + fileTypeKey + "' to be 'device' or 'file' but found '"
                + fileType + "'");
    }

    /** Writes a serial port's entries in libvirt's order. */
    static void formatSerial(CharDevice dev, VmxFileNames fileNames, VmxFile.Builder out) {
        int port = dev.targetPort() == null ? -1 : dev.targetPort();
        if (port < 0 || port > 3) {
            throw VmxErrors.internal("Serial port index " + port + " out of [0..3] range");
        }
        String prefix = "serial" + port + ".";
        out.put(prefix + "present", "true");
        if (formatPath(dev, prefix, fileNames, out)) {
            out.put(prefix + "yieldOnMsrRead", "true"); // the VI client's default
            return;
        }
        switch (dev.type()) {
            case PIPE -> out.put(prefix + "fileType", "pipe")
                    // the VI client's defaults for a pipe
                    .put(prefix + "pipe.endPoint", "client").put(prefix + "tryNoRxLoss", "false")
                    .put(prefix + "fileName", dev.sourcePath());
            case TCP -> {
                String protocol = dev.protocol() == null ? "raw" : dev.protocol();
                String scheme = switch (protocol) {
                    case "raw" -> "tcp";
                    case "telnet" -> "telnet";
                    case "telnets" -> "telnets";
                    case "tls" -> "ssl";
                    default -> throw VmxErrors.unsupported("Unsupported character device TCP protocol '"
                            + protocol + "'");
                };
                out.put(prefix + "fileType", "network")
                        .put(prefix + "fileName", scheme + "://" + uriHost(dev.host()) + ":" + dev.service())
                        .put(prefix + "network.endPoint", "connect".equals(dev.sourceMode()) ? "client" : "server");
            }
            default -> throw unsupported(dev);
        }
        out.put(prefix + "yieldOnMsrRead", "true"); // the VI client's default
    }

    /** Writes a parallel port's entries in libvirt's order. */
    static void formatParallel(CharDevice dev, VmxFileNames fileNames, VmxFile.Builder out) {
        int port = dev.targetPort() == null ? -1 : dev.targetPort();
        if (port < 0 || port > 2) {
            throw VmxErrors.internal("Parallel port index " + port + " out of [0..2] range");
        }
        String prefix = "parallel" + port + ".";
        out.put(prefix + "present", "true");
        if (!formatPath(dev, prefix, fileNames, out)) {
            throw unsupported(dev);
        }
    }

    /** Writes a host device's or a file's entries; whether the device is one of those. */
    private static boolean formatPath(CharDevice dev, String prefix, VmxFileNames fileNames, VmxFile.Builder out) {
        switch (dev.type()) {
            case DEV -> out.put(prefix + "fileType", "device").put(prefix + "fileName", dev.sourcePath());
            case FILE -> out.put(prefix + "fileType", "file")
                    .put(prefix + "fileName", fileNames.format(dev.sourcePath()));
            default -> {
                return false;
            }
        }
        return true;
    }

    private static io.virtkit.api.VirtException unsupported(CharDevice dev) {
        return VmxErrors.unsupported("Unsupported character device type '" + dev.type().xmlName() + "'");
    }

    /** A host as a URI writes it: an IPv6 address in brackets (libvirt writes it bare, which VMX cannot read). */
    private static String uriHost(String host) {
        return host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    }

    private static boolean is(String value, String expected) {
        return value.equalsIgnoreCase(expected);
    }
}
