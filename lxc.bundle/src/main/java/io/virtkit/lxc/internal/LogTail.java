package io.virtkit.lxc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Reads a log file as it grows, like {@code tail -f}: a read blocks until there is more or the stream is
 * closed (then it reports end of stream). The container's console output reaches us this way because the
 * controller that holds the pty outlives us and writes to a file, not to a pipe of ours.
 */
final class LogTail extends InputStream {

    private final RandomAccessFile file;
    private volatile boolean closed;

    private LogTail(RandomAccessFile file) {
        this.file = file;
    }

    static LogTail fromEnd(Path log) throws IOException {
        RandomAccessFile f = new RandomAccessFile(log.toFile(), "r");
        f.seek(f.length());
        return new LogTail(f);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!closed) {
            synchronized (file) {
                if (closed) {
                    break;
                }
                int n = file.read(b, off, len);
                if (n > 0) {
                    return n;
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        synchronized (file) {
            file.close();
        }
    }
}
