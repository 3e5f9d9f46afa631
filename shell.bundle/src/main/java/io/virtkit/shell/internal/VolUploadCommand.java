package io.virtkit.shell.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.VirtException;

@Service
@Command(scope = "virt", name = "vol-upload", description = "Upload a file's content into a volume",
        detailedDescription = "Writes a local file's content into the volume from --offset (at most --length "
                + "bytes), through the volume's upload stream; with --sparse the file's zero runs are sent as "
                + "holes. On a terminal a progress line shows how far it is.")
public class VolUploadCommand extends VolTransferCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        Path path = Path.of(file);
        if (!Files.isReadable(path) || Files.isDirectory(path)) {
            throw Errors.of("cannot read " + file);
        }
        long size = Files.size(path);
        try (TransferProgress progress = TransferProgress.of(session, "Upload", length > 0 ? Math.min(length, size) : size)) {
            VolumeStreams.upload(path, volume, offset, length, sparse, progress);
        } catch (VirtException e) {
            throw Errors.of("cannot upload to volume " + vol, e);
        } catch (IOException e) {
            throw Errors.of("cannot read " + file);
        }
    }
}
