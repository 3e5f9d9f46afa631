package io.virtkit.test.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import io.virtkit.api.ErrorCode;
import io.virtkit.api.ErrorDomain;
import io.virtkit.api.VirtException;
import io.virtkit.api.XmlFlag;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.model.domain.DomainXmlCodec;

/**
 * The file {@code virDomainSave} writes for a test domain, laid out as libvirt's test driver lays it out (so either
 * can read the other's): the magic {@code "TestGuestMagic"} with its terminating NUL, the length of the domain XML
 * as a little-endian 32-bit int (x86's native order), then the XML itself, at most 8192 bytes. The test domain has
 * no memory to keep; the XML is all there is. Errors carry libvirt's test driver's wording.
 */
final class TestSaveImage {

    private static final byte[] MAGIC = "TestGuestMagic\0".getBytes(StandardCharsets.US_ASCII);
    /** libvirt's test driver refuses longer metadata on reading. */
    private static final int MAX_XML = 8192;

    private TestSaveImage() {
    }

    /** Writes {@code def} (secure XML of the inactive definition) to {@code path}; a failed write leaves no file. */
    static void write(Path path, DomainDefinition def) {
        byte[] xml = DomainXmlCodec.format(def, XmlFlag.SECURE).getBytes(StandardCharsets.UTF_8);
        OutputStream out;
        try {
            out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw systemError("saving domain '" + def.name() + "' to '" + path + "': open failed", e);
        }
        try (out) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
            out.write(MAGIC);
            out.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(xml.length).array());
            out.write(xml);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // the write failure is the error to report
            }
            throw systemError("saving domain '" + def.name() + "' to '" + path + "': write failed", e);
        }
    }

    /** The definition an image at {@code path} keeps, parsed as an inactive one. */
    static DomainDefinition read(Path path) {
        try (InputStream in = open(path)) {
            byte[] magic = in.readNBytes(MAGIC.length);
            if (magic.length != MAGIC.length) {
                throw shortRead("incomplete save header in '" + path + "'");
            }
            if (!Arrays.equals(magic, MAGIC)) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "mismatched header magic");
            }
            byte[] length = in.readNBytes(4);
            if (length.length != 4) {
                throw shortRead("failed to read metadata length in '" + path + "'");
            }
            int len = ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (len < 1 || len > MAX_XML) {
                throw new VirtException(ErrorCode.INTERNAL_ERROR, ErrorDomain.TEST, "length of metadata out of range");
            }
            byte[] xml = in.readNBytes(len);
            if (xml.length != len) {
                throw shortRead("incomplete metadata in '" + path + "'");
            }
            return DomainXmlCodec.parse(new String(xml, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw systemError("cannot read domain image '" + path + "'", e);
        }
    }

    private static InputStream open(Path path) {
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw systemError("cannot read domain image '" + path + "'", e);
        }
    }

    /**
     * A file that ends early: libvirt reports it as a system error with whatever errno was left over (its saferead
     * sets none); Virtkit gives the message alone rather than an unrelated errno text.
     */
    private static VirtException shortRead(String message) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST, message);
    }

    /** libvirt's {@code virReportSystemError}: the message, then the errno's text. */
    private static VirtException systemError(String message, IOException e) {
        return new VirtException(ErrorCode.SYSTEM_ERROR, ErrorDomain.TEST, message + ": " + errnoText(e), e);
    }

    private static String errnoText(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return String.valueOf(e.getMessage());
    }
}
