package io.virtkit.shell.internal;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeCreateFlag;

/**
 * virsh's {@code vol-clone}: the new volume is the original's XML under the new name, created from the original in
 * the same pool. The API's clone is one call that reports no progress, so the progress line shows start and end.
 */
@Service
@Command(scope = "virt", name = "vol-clone", description = "Clone a volume in its pool",
        detailedDescription = "Creates a new volume in the same pool as the original, with the original's "
                + "definition and a copy of its data, under the new name.")
public class VolCloneCommand extends StorageVolumeCommand {

    private static final Pattern NAME = Pattern.compile("<name>[^<]*</name>");

    @Argument(index = 1, name = "newname", required = true, description = "The clone's name")
    String newname;

    @Option(name = "--prealloc-metadata", description = "Preallocate the metadata (qcow2)")
    boolean preallocMetadata;

    @Option(name = "--reflink", description = "Use a copy-on-write clone where the file system allows it")
    boolean reflink;

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        String original = Errors.call("Failed to clone vol from " + volume.name(), volume::xml);
        Matcher name = NAME.matcher(original);
        if (!name.find()) {
            throw Errors.of("Failed to clone vol from " + volume.name());
        }
        String xml = name.replaceFirst(Matcher.quoteReplacement("<name>" + PoolXmlBuilder.escape(newname) + "</name>"));
        StorageVolumeCreateFlag[] flags = Stream.of(
                preallocMetadata ? StorageVolumeCreateFlag.PREALLOC_METADATA : null,
                reflink ? StorageVolumeCreateFlag.REFLINK : null)
                .filter(Objects::nonNull).toArray(StorageVolumeCreateFlag[]::new);
        StorageVolume clone;
        try (TransferProgress progress = TransferProgress.of(session, "Clone", 1)) {
            progress.update(0);
            clone = Errors.call("Failed to clone vol from " + volume.name(),
                    () -> volume.pool().createVolumeFrom(xml, volume, flags));
            progress.update(1);
        }
        System.out.println("Vol " + clone.name() + " cloned from " + volume.name());
    }
}
