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
@Command(scope = "virt", name = "vol-download", description = "Download a volume's content into a file",
        detailedDescription = "Writes the volume's content from --offset (at most --length bytes) into a local file, "
                + "created or truncated, through the volume's download stream; with --sparse the volume's holes "
                + "stay holes in the file. On a terminal a progress line shows how far it is.")
public class VolDownloadCommand extends VolTransferCommand {

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        Path path = Path.of(file);
        boolean created = !Files.exists(path);
        long capacity = volume.info().capacity();
        long total = Math.max(0, capacity - offset);
        try (TransferProgress progress = TransferProgress.of(session, "Download",
                length > 0 ? Math.min(length, total) : total)) {
            VolumeStreams.download(volume, path, offset, length, sparse, progress);
        } catch (VirtException e) {
            removeIfCreated(path, created); // as virsh, a failed download leaves no file it made
            throw Errors.of("cannot download from volume " + vol, e);
        } catch (IOException e) {
            removeIfCreated(path, created);
            throw Errors.of("cannot create " + file);
        }
    }

    private static void removeIfCreated(Path path, boolean created) {
        if (created) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                // nothing more to do: the error reported is the download's
            }
        }
    }
}
