package io.virtkit.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.DeviceModifyFlag;
import io.virtkit.api.Domain;

/**
 * virsh's {@code attach-disk}: the {@code <disk>} XML is written from the options, in virsh's element order, and
 * attached (or only printed with --print-xml). The network source options and --address are left out.
 */
@Service
@Command(scope = "virt", name = "attach-disk", description = "Attach a disk device",
        detailedDescription = "Attaches SOURCE (an image file or a block device) as the disk TARGET (e.g. vdb, "
                + "sdb), as virsh attach-disk. --type cdrom or floppy makes it removable, --mode readonly or "
                + "shareable sets its access, --driver/--subdriver name the driver and image format (qemu, qcow2). "
                + "Without --config/--live the running domain is changed if it runs, else its persistent "
                + "configuration.")
public class AttachDiskCommand extends DeviceChangeCommand {

    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    @Argument(index = 1, name = "source", required = true, description = "The source of the disk: a file or device")
    @Completion(DiskSourceCompleter.class)
    String source;

    @Argument(index = 2, name = "target", required = true, description = "The target of the disk, e.g. vdb")
    String target;

    @Option(name = "--targetbus", description = "The target bus (virtio, scsi, sata, ide, usb, ...)")
    @Completion(value = StringsCompleter.class, values = {"virtio", "scsi", "sata", "ide", "usb", "fdc"})
    String targetBus;

    @Option(name = "--driver", description = "The driver of the disk (qemu)")
    String driver;

    @Option(name = "--subdriver", description = "The image format (raw, qcow2, ...)")
    @Completion(value = StringsCompleter.class, values = {"raw", "qcow2"})
    String subdriver;

    @Option(name = "--iothread", description = "The IOThread the device uses")
    String iothread;

    @Option(name = "--cache", description = "The cache mode (none, writeback, writethrough, directsync, unsafe)")
    @Completion(value = StringsCompleter.class, values = {"default", "none", "writethrough", "writeback",
        "directsync", "unsafe"})
    String cache;

    @Option(name = "--io", description = "The I/O policy (threads, native, io_uring)")
    @Completion(value = StringsCompleter.class, values = {"threads", "native", "io_uring"})
    String io;

    @Option(name = "--type", description = "The device type: disk, cdrom, floppy or lun")
    @Completion(value = StringsCompleter.class, values = {"disk", "cdrom", "floppy", "lun"})
    String type;

    @Option(name = "--mode", description = "readonly or shareable")
    @Completion(value = StringsCompleter.class, values = {"readonly", "shareable"})
    String mode;

    @Option(name = "--sourcetype", description = "The type of the source: file or block (by default block for a "
            + "block device, else file)")
    @Completion(value = StringsCompleter.class, values = {"file", "block"})
    String sourceType;

    @Option(name = "--serial", description = "The serial number of the disk")
    String serial;

    @Option(name = "--wwn", description = "The WWN of the disk")
    String wwn;

    @Option(name = "--alias", description = "A custom alias name of the disk (ua-...)")
    String alias;

    @Option(name = "--rawio", description = "The disk needs the rawio capability")
    boolean rawio;

    @Option(name = "--print-xml", description = "Print the disk XML instead of attaching the disk")
    boolean printXml;

    @Override
    void execute(Domain domain) throws Exception {
        DeviceModifyFlag[] flags = flags(domain);
        String xml = xml();
        if (printXml) {
            System.out.println(xml); // virsh ends it with an empty line
            return;
        }
        Errors.run("Failed to attach disk", () -> domain.attachDevice(xml, flags));
        System.out.println("Disk attached successfully");
    }

    /** The disk XML, two-space indented and in the order virsh 9.0 prints it. */
    String xml() throws Exception {
        if (mode != null && !mode.equals("readonly") && !mode.equals("shareable")) {
            throw Errors.of("No support for " + mode + " in command 'attach-disk'");
        }
        boolean block = blockSource();
        StringBuilder xml = new StringBuilder("<disk type='").append(block ? "block" : "file").append('\'');
        if (type != null) {
            xml.append(" device='").append(DeviceFlags.attr(type)).append('\'');
        }
        if (rawio) {
            xml.append(" rawio='yes'");
        }
        xml.append(">\n");
        if (driver != null || subdriver != null || iothread != null || cache != null || io != null) {
            xml.append("  <driver");
            attribute(xml, "name", driver);
            attribute(xml, "type", subdriver);
            attribute(xml, "iothread", iothread);
            attribute(xml, "cache", cache);
            attribute(xml, "io", io);
            xml.append("/>\n");
        }
        xml.append("  <source ").append(block ? "dev" : "file").append("='").append(DeviceFlags.attr(source))
                .append("'/>\n");
        xml.append("  <target dev='").append(DeviceFlags.attr(target)).append('\'');
        attribute(xml, "bus", targetBus);
        xml.append("/>\n");
        if (mode != null) {
            xml.append("  <").append(mode).append("/>\n");
        }
        element(xml, "serial", serial);
        if (alias != null) {
            xml.append("  <alias name='").append(DeviceFlags.attr(alias)).append("'/>\n");
        }
        element(xml, "wwn", wwn);
        return xml.append("</disk>\n").toString();
    }

    /** --sourcetype, else what the source is on this host, as virsh decides. */
    private boolean blockSource() throws Exception {
        if (sourceType == null) {
            try {
                int fileType = (Integer) Files.getAttribute(Path.of(source), "unix:mode") & S_IFMT;
                return fileType == S_IFBLK;
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return false; // a missing file is the driver's to report
            }
        }
        return switch (sourceType) {
            case "file" -> false;
            case "block" -> true;
            case "network" -> throw Errors.of("No support for network sources in command 'attach-disk'");
            default -> throw Errors.of("Unknown source type: '" + sourceType + "'");
        };
    }

    private static void attribute(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append(' ').append(name).append("='").append(DeviceFlags.attr(value)).append('\'');
        }
    }

    private static void element(StringBuilder xml, String name, String value) {
        if (value != null) {
            xml.append("  <").append(name).append('>').append(DeviceFlags.attr(value)).append("</").append(name)
                    .append(">\n");
        }
    }
}
