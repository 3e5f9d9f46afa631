package io.virtkit.shell.internal;

import java.util.Arrays;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.virtkit.api.Connection;
import io.virtkit.api.StorageVolume;
import io.virtkit.api.StorageVolumeWipeAlgorithm;

/**
 * virsh's {@code vol-wipe}. The API's wipe is one call that reports no progress, so on a terminal the progress line
 * shows only its start and its end.
 */
@Service
@Command(scope = "virt", name = "vol-wipe", description = "Overwrite a volume's data",
        detailedDescription = "Overwrites the volume's data with zeros, or with --algorithm as that algorithm does "
                + "(zero, nnsa, dod, bsi, gutmann, schneier, pfitzner7, pfitzner33, random, trim).")
public class VolWipeCommand extends StorageVolumeCommand {

    @Option(name = "--algorithm", description = "The wipe algorithm (zero by default)")
    @Completion(value = StringsCompleter.class, values = {"zero", "nnsa", "dod", "bsi", "gutmann", "schneier",
        "pfitzner7", "pfitzner33", "random", "trim"})
    String algorithm;

    @Override
    void execute(Connection connection, StorageVolume volume) throws Exception {
        StorageVolumeWipeAlgorithm chosen = null;
        if (algorithm != null) {
            chosen = Arrays.stream(StorageVolumeWipeAlgorithm.values()).filter(a -> a.label().equals(algorithm))
                    .findFirst().orElseThrow(() -> Errors.of("Unsupported algorithm '" + algorithm + "'"));
        }
        StorageVolumeWipeAlgorithm how = chosen;
        try (TransferProgress progress = TransferProgress.of(session, "Wipe", 1)) {
            progress.update(0);
            Errors.run("Failed to wipe vol " + vol, () -> {
                if (how == null) {
                    volume.wipe();
                } else {
                    volume.wipe(how);
                }
            });
            progress.update(1);
        }
        System.out.println("Vol " + vol + " wiped");
    }
}
