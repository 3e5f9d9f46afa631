package io.virtkit.shell.internal;

import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeResizeFlag;

@Service
@Command(scope = "virt", name = "vol-resize", description = "Change a volume's capacity",
        detailedDescription = "Sets the volume's capacity (bytes, or with virsh's suffixes: 10G, 512M, 1GB…), or "
                + "changes it by that much with --delta; --allocate allocates the new space, --shrink allows "
                + "making it smaller. A leading '-' (with --shrink) shrinks by that much.")
public class VolResizeCommand extends StorageVolumeCommand {

    @Argument(index = 1, name = "capacity", required = true, description = "The new capacity, or the change with --delta")
    String capacity;

    @Option(name = "--allocate", description = "Allocate the new capacity rather than leaving it sparse")
    boolean allocate;

    @Option(name = "--delta", description = "Change the capacity by the amount given")
    boolean delta;

    @Option(name = "--shrink", description = "Allow the capacity to shrink")
    boolean shrink;

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        List<StorageVolumeResizeFlag> flags = new ArrayList<>();
        String amount = capacity;
        boolean byDelta = delta;
        if (amount.startsWith("-")) {
            // virsh: "-SIZE" shrinks by SIZE, and only when --shrink says so
            if (!shrink) {
                throw Errors.of("negative size requires --shrink");
            }
            amount = amount.substring(1);
            byDelta = true;
            flags.add(StorageVolumeResizeFlag.SHRINK);
        } else if (shrink) {
            flags.add(StorageVolumeResizeFlag.SHRINK);
        }
        if (byDelta) {
            flags.add(StorageVolumeResizeFlag.DELTA);
        }
        if (allocate) {
            flags.add(StorageVolumeResizeFlag.ALLOCATE);
        }
        long bytes = VirshSize.parse(amount);
        String how = (byDelta ? "by " : "to ") + capacity;
        Errors.run("Failed to change size of volume '" + volume.name() + "' " + how,
                () -> volume.resize(bytes, flags.toArray(StorageVolumeResizeFlag[]::new)));
        System.out.println("Size of volume '" + volume.name() + "' successfully changed " + how);
    }
}
