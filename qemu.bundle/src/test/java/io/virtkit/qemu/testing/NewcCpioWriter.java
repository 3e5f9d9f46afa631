package io.virtkit.qemu.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * Writes a "newc" (SVR4, no CRC) cpio archive, the format the Linux kernel unpacks as an initramfs.
 * Written in Java so building a guest needs no cpio tool and no root (device nodes are just headers).
 * Entries are deterministic: uid/gid 0, mtime 0, so the same inputs give the same bytes.
 */
public final class NewcCpioWriter implements AutoCloseable {

    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFCHR = 0020000;
    private static final String TRAILER = "TRAILER!!!";

    private final OutputStream out;
    private final Set<String> written = new HashSet<>();
    private long offset;
    private int nextInode = 1;
    private boolean finished;

    public NewcCpioWriter(OutputStream out) {
        this.out = out;
    }

    /** Adds a directory and, first, any missing parent directories (mode 0755). */
    public NewcCpioWriter directory(String path, int permissions) throws IOException {
        String name = normalize(path);
        ensureParents(name);
        if (written.add(name)) {
            entry(name, S_IFDIR | permissions, 2, 0, 0, new byte[0]);
        }
        return this;
    }

    public NewcCpioWriter file(String path, int permissions, byte[] content) throws IOException {
        String name = normalize(path);
        ensureParents(name);
        requireNew(name);
        entry(name, S_IFREG | permissions, 1, 0, 0, content);
        return this;
    }

    public NewcCpioWriter symlink(String path, String target) throws IOException {
        String name = normalize(path);
        ensureParents(name);
        requireNew(name);
        entry(name, S_IFLNK | 0777, 1, 0, 0, target.getBytes(StandardCharsets.UTF_8));
        return this;
    }

    public NewcCpioWriter charDevice(String path, int permissions, int major, int minor) throws IOException {
        String name = normalize(path);
        ensureParents(name);
        requireNew(name);
        entry(name, S_IFCHR | permissions, 1, major, minor, new byte[0]);
        return this;
    }

    public boolean contains(String path) {
        return written.contains(normalize(path));
    }

    /** Writes the trailer; the stream itself stays open (the caller owns it). */
    public void finish() throws IOException {
        if (!finished) {
            finished = true;
            header(TRAILER, 0, 0, 1, 0, 0, 0);
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        finish();
    }

    private void ensureParents(String name) throws IOException {
        int slash = name.lastIndexOf('/');
        if (slash > 0) {
            directory(name.substring(0, slash), 0755);
        }
    }

    private void requireNew(String name) {
        if (!written.add(name)) {
            throw new IllegalArgumentException("duplicate cpio entry: " + name);
        }
    }

    private static String normalize(String path) {
        String name = path;
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || name.equals(TRAILER) || name.contains("//")
                || ("/" + name + "/").contains("/../") || ("/" + name + "/").contains("/./")) {
            throw new IllegalArgumentException("invalid cpio entry name: '" + path + "'");
        }
        return name;
    }

    private void entry(String name, int mode, int nlink, int rdevMajor, int rdevMinor, byte[] data)
            throws IOException {
        if (finished) {
            throw new IllegalStateException("archive already finished");
        }
        header(name, nextInode++, mode, nlink, data.length, rdevMajor, rdevMinor);
        out.write(data);
        offset += data.length;
        pad();
    }

    private void header(String name, int inode, int mode, int nlink, int size, int rdevMajor, int rdevMinor)
            throws IOException {
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        StringBuilder h = new StringBuilder(110).append("070701");
        for (long field : new long[] {inode, mode, 0, 0, nlink, 0, size, 0, 0, rdevMajor, rdevMinor,
                nameBytes.length + 1, 0}) {
            h.append(String.format("%08X", field));
        }
        byte[] headerBytes = h.toString().getBytes(StandardCharsets.US_ASCII);
        out.write(headerBytes);
        out.write(nameBytes);
        out.write(0);
        offset += headerBytes.length + nameBytes.length + 1;
        pad();
    }

    /** newc aligns every header and every file body to 4 bytes. */
    private void pad() throws IOException {
        while (offset % 4 != 0) {
            out.write(0);
            offset++;
        }
    }
}
