package io.virtkit.shell.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.stream.Collectors;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeatureState;
import org.apache.karaf.features.FeaturesService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * The distribution's readiness signal for the launcher: once Karaf has installed and started its boot
 * features (it registers {@link BootFinished} then), writes {@code ${karaf.data}/virtkit-ready} with this
 * JVM's pid and the Virtkit features the features service reports Started. {@code ./virtkit start} reads
 * that file (a stale one from an earlier JVM has another pid) instead of asking {@code feature:list} through
 * {@code bin/client}, which starts a whole JVM per poll. Removed again when the component goes away.
 */
@Component(immediate = true, service = {})
public final class ReadyMarker {
    static final String FILE_NAME = "virtkit-ready";
    private static final System.Logger LOG = System.getLogger(ReadyMarker.class.getName());

    private final Path file;

    @Activate
    public ReadyMarker(@Reference BootFinished bootFinished, @Reference FeaturesService features) {
        String data = System.getProperty("karaf.data");
        this.file = data == null ? null : Path.of(data, FILE_NAME);
        if (file == null) {
            return; // not in Karaf's launcher: nobody to signal
        }
        try {
            String started = Arrays.stream(features.listInstalledFeatures())
                    .filter(f -> f.getName().startsWith("virtkit"))
                    .filter(f -> features.getState(f.getId()) == FeatureState.Started)
                    .map(Feature::getName).sorted().collect(Collectors.joining(" "));
            write(file, ProcessHandle.current().pid(), started);
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot write the ready marker " + file + ": the launcher falls back to asking the console", e);
        }
    }

    static void write(Path file, long pid, String startedFeatures) throws IOException {
        Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
        Files.writeString(tmp, "pid=" + pid + "\nstarted=" + startedFeatures + "\n");
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Deactivate
    void deactivate() {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "cannot delete " + file, e);
            }
        }
    }
}
