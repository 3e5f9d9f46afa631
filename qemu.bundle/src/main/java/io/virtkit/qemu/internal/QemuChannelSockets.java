package io.virtkit.qemu.internal;

import io.virtkit.model.domain.CharDevice;
import io.virtkit.model.domain.DomainDefinition;
import io.virtkit.support.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The sockets of UNIX channels without a path of their own (virt-install's guest agent channel): as libvirt,
 * the driver places each in the domain's channel directory under the runtime directory, named by the
 * channel's target name, QEMU listening; the live XML shows the path, and the directory goes when the run ends.
 */
final class QemuChannelSockets {

    private QemuChannelSockets() {
    }

    /** The domain's channel directory. */
    static Path dir(Path runtimeDir, String domainName) {
        return runtimeDir.resolve("channel").resolve(domainName);
    }

    /** {@code def} with a socket path in {@code dir} for each UNIX channel without one (creating {@code dir}). */
    static DomainDefinition place(DomainDefinition def, Path dir) throws IOException {
        List<CharDevice> channels = new ArrayList<>(def.devices().auxiliary().channels());
        boolean changed = false;
        for (int n = 0; n < channels.size(); n++) {
            CharDevice c = channels.get(n);
            if (c.type() == CharDevice.Type.UNIX && c.sourcePath() == null) {
                String name = c.targetName() != null ? c.targetName() : c.alias() != null ? c.alias() : "channel" + n;
                Files.createDirectories(dir);
                channels.set(n, c.toBuilder().sourcePath(dir.resolve(name).toString()).sourceMode("bind").build());
                changed = true;
            }
        }
        return changed ? def.withDevices(def.devices().toBuilder()
                .auxiliary(def.devices().auxiliary().withChannels(channels)).build()) : def;
    }

    /** Removes the channel directory and the sockets QEMU left in it. */
    static void remove(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(AtomicFiles::deleteQuietly);
        } catch (IOException e) {
            // nothing to list: nothing left
        }
        AtomicFiles.deleteQuietly(dir);
    }
}
