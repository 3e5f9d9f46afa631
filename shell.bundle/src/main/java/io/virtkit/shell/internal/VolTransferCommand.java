package io.virtkit.shell.internal;

import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** vol-upload and vol-download: a volume, a local file, where in the volume and how much, and --sparse. */
abstract class VolTransferCommand extends StorageVolumeCommand {

    @Argument(index = 1, name = "file", required = true, description = "The local file")
    @Completion(FileCompleter.class)
    String file;

    @Option(name = "--offset", description = "Where in the volume to start, in bytes")
    long offset;

    @Option(name = "--length", description = "How many bytes at most (0: up to the volume's or the file's end)")
    long length;

    @Option(name = "--sparse", description = "Keep holes as holes (sparse files stay sparse)")
    boolean sparse;
}
