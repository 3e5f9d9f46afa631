package io.virtkit.shell.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeStreamFlag;
import io.virtkit.api.VolumeDownload;
import io.virtkit.api.VolumeUpload;

/**
 * Copies between a local file and a volume through the API's streams, as vol-upload and vol-download do.
 * Sparse copies keep holes: a download with {@code sparse} leaves the file's holes unwritten, and an upload
 * with {@code sparse} sends runs of zero blocks as holes (what a sparse file's holes read as).
 */
final class VolumeStreams {

    static final int BLOCK = 256 * 1024;

    private VolumeStreams() {
    }

    /** Sends {@code file}'s content to {@code volume} from {@code offset}; returns the bytes sent (data and holes). */
    static long upload(Path file, StorageVolume volume, long offset, long length, boolean sparse,
            TransferProgress progress) throws IOException {
        StorageVolumeStreamFlag[] flags = sparse ? new StorageVolumeStreamFlag[] {StorageVolumeStreamFlag.SPARSE_STREAM}
                : new StorageVolumeStreamFlag[0];
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
                VolumeUpload upload = volume.upload(offset, length, flags)) {
            long limit = length > 0 ? Math.min(length, in.size()) : in.size();
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            long done = 0;
            while (done < limit) {
                buffer.clear().limit((int) Math.min(BLOCK, limit - done));
                int read = in.read(buffer);
                if (read < 0) {
                    break;
                }
                buffer.flip();
                if (sparse && allZero(buffer)) {
                    upload.skipHole(read);
                } else {
                    upload.write(buffer);
                }
                done += read;
                progress.update(done);
            }
            upload.finish();
            return done;
        }
    }

    /** Writes {@code volume}'s content from {@code offset} into {@code file}; returns the bytes received. */
    static long download(StorageVolume volume, Path file, long offset, long length, boolean sparse,
            TransferProgress progress) throws IOException {
        StorageVolumeStreamFlag[] flags = sparse ? new StorageVolumeStreamFlag[] {StorageVolumeStreamFlag.SPARSE_STREAM}
                : new StorageVolumeStreamFlag[0];
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
                VolumeDownload download = volume.download(offset, length, flags)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            long done = 0;
            while (true) {
                buffer.clear();
                int read = download.read(buffer);
                if (read < 0) {
                    break;
                }
                if (read == 0) {
                    long hole = download.skipHole();
                    out.position(out.position() + hole); // left unwritten: a hole in the file
                    done += hole;
                } else {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        out.write(buffer);
                    }
                    done += read;
                }
                progress.update(done);
            }
            if (out.size() < out.position()) {
                // a trailing hole: the file still ends where the volume does
                out.write(ByteBuffer.allocate(1), out.position() - 1);
            }
            return done;
        }
    }

    private static boolean allZero(ByteBuffer buffer) {
        for (int i = buffer.position(); i < buffer.limit(); i++) {
            if (buffer.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
